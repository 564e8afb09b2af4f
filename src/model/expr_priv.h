/* The tree of a parsed expression, shared by the parser (expr.c) and the evaluator
 * (expr_eval.c); nothing outside model/expr*.c includes it. */
#ifndef KD_EXPR_PRIV_H
#define KD_EXPR_PRIV_H

enum node_type { N_PATH, N_CALL, N_STR, N_NUM, N_ALT };
enum step_type { S_FIELD, S_INDEX, S_ALL };

struct step {
	enum step_type type;
	char *name;
	long index;
};

struct expr {
	enum node_type type;
	struct step *steps;      /* N_PATH */
	int nsteps;
	int fn;                  /* N_CALL */
	struct expr **args;      /* N_CALL args, N_ALT alternatives */
	int nargs;
	char *str;               /* N_STR */
	double num;              /* N_NUM */
};

/* The built-in functions, indexes into the parser's table of names and arities. */
enum {
	F_AGE, F_COUNT, F_JOIN, F_SUM, F_READY, F_RESTARTS, F_PODSTATUS, F_PORTS, F_FIRST,
	F_TABLE,
};

#endif
