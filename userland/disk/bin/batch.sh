#!/bin/sh
# /bin/batch.sh - a job stream run without a person, as an operator once
# fed a deck of job cards: each step runs only when the one before it
# succeeded (&&), a failing step is caught (||) and the stream goes on,
# and the whole output can go to a file: `batch.sh`, or
# `sh /bin/batch.sh > log` then `cat log`.  (The program `batch` is
# another thing: it starts its jobs all at once and prints what the
# scheduler did to each, e.g. batch "burn 300" "burn 30".)
echo batch.sh: job stream of $# extra arguments
STEP=1
seq 1 50 > batch.in && echo step $STEP: input made
STEP=2
grep 7 < batch.in > batch.out && echo step $STEP: selected
STEP=3
echo step $STEP: count && wc -l < batch.out
STEP=4
echo step $STEP: largest && sort -r -n < batch.out | head -n 3
STEP=5
nosuch || echo step $STEP: failed with status $?, the stream goes on
rm batch.in batch.out
echo batch.sh: done
