/* list.c — linked-list processing: build lists from a node pool, insert in
   order, reverse, find, remove and sum; pointer chasing and unpredictable
   branches, as in CoreMark's list benchmark. */
#include "bench.h"

#ifndef EXPECTED
#define EXPECTED 0xe59b680fu   /* the result on any machine (found with -DHOST_PRINT on the host) */
#endif

#define NODES 400
#define ROUNDS 160

struct node { struct node *next; int32_t key; uint32_t value; };

static struct node pool[NODES];

static struct node *insert_sorted(struct node *head, struct node *n)
{
    struct node **link = &head;
    while (*link && (*link)->key < n->key)
        link = &(*link)->next;
    n->next = *link;
    *link = n;
    return head;
}

static struct node *reverse(struct node *head)
{
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static struct node *remove_key(struct node *head, int32_t key, uint32_t *found)
{
    struct node **link = &head;
    while (*link) {
        if ((*link)->key == key) {
            *found += (*link)->value;
            *link = (*link)->next;
            return head;
        }
        link = &(*link)->next;
    }
    return head;
}

int bench_main(void)
{
    uint32_t seed = 12345, sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        struct node *head = NULL;
        for (int i = 0; i < NODES; i++) {
            pool[i].key = (int32_t)(next_random(&seed) % 1000) - 500;
            pool[i].value = (uint32_t)i * 2654435761u;
            head = insert_sorted(head, &pool[i]);
        }
        head = reverse(head);
        for (int i = 0; i < 50; i++)
            head = remove_key(head, (int32_t)(next_random(&seed) % 1000) - 500, &sum);
        for (struct node *n = head; n; n = n->next)
            sum = (sum << 1 | sum >> 31) ^ (uint32_t)n->key ^ n->value;
    }
    FINISH(sum, EXPECTED);
}
