"""The OS-aware tracer: what the jitted core records and how the host reads it.

events.py is the record layout (shared by the jitted recorder and the host);
record.py holds the jitted recording hooks the core calls from its cold paths
(trap entry, sret); session.py drains the buffer and decodes it (decode.py,
with the kernel's symbols and the generated ABI tables); text.py, jsonl.py,
perfetto.py, summary.py and html.py render decoded events.  The tracer never
needs the guest's help: the kernel image carries no tracing code.
"""
