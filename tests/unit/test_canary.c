#include "t.h"
/* Canaries on plain Deployments: the pairing (NAME-canary beside NAME, or track=canary
 * beside the same app label, per cluster and namespace), the share of ready pods, a shift
 * keeping the total on the step's grid (10 % of 10 is 1 and 9), its refusals, and the
 * template of a promote (the canary's, with the stable's labels) as a JSON patch. */
#include <cjson/cJSON.h>

#include "model/canary.h"

/* labels packed as the store packs them */
#define L2(k, v) k "\0" v "\0"
#define L4(k1, v1, k2, v2) k1 "\0" v1 "\0" k2 "\0" v2 "\0"

T_CASE(canary_pairs_by_name_and_label)
{
	struct canary_cand v[] = {
		{ 0, "shop", "web-canary", NULL },                                 /* 0 */
		{ 0, "shop", "web", NULL },                                        /* 1 */
		{ 0, "shop", "api", L2("app", "api") },                            /* 2 */
		{ 0, "shop", "api-v2", L4("app", "api", "track", "canary") },      /* 3 */
		{ 0, "other", "cart-canary", NULL },                               /* 4: no cart there */
		{ 0, "shop", "cart", NULL },                                       /* 5 */
		{ 1, "shop", "web-canary", NULL },                                 /* 6: another cluster */
		{ 0, "shop", "lone", L4("app", "lone", "track", "canary") },       /* 7: no stable */
		{ 0, "shop", "db", L2("app", "x") },                               /* 8 */
	};
	size_t n = sizeof v / sizeof v[0];
	long partner[9];
	enum canary_role role[9];
	canary_pairs(v, n, partner, role);
	T_EQ_INT(partner[0], 1);
	T_EQ_INT(partner[1], 0);
	T_EQ_INT(role[0], CANARY_CANARY);
	T_EQ_INT(role[1], CANARY_STABLE);
	T_EQ_INT(partner[2], 3);
	T_EQ_INT(partner[3], 2);
	T_EQ_INT(role[3], CANARY_CANARY);
	T_EQ_INT(role[2], CANARY_STABLE);
	T_EQ_INT(partner[4], -1);
	T_EQ_INT(partner[5], -1);
	T_EQ_INT(partner[6], -1);
	T_EQ_INT(partner[7], -1);
	T_EQ_INT(role[7], CANARY_NONE);
	T_EQ_INT(partner[8], -1);
}

T_CASE(canary_pairs_one_stable_one_canary)
{
	/* two canaries of one stable: the first by name; a track=canary NAME-canary is one */
	struct canary_cand v[] = {
		{ 0, "ns", "web-b", L4("app", "web", "track", "canary") },
		{ 0, "ns", "web", L2("app", "web") },
		{ 0, "ns", "web-a", L4("app", "web", "track", "canary") },
	};
	long partner[3];
	enum canary_role role[3];
	canary_pairs(v, 3, partner, role);
	T_EQ_INT(partner[1], 2);
	T_EQ_INT(partner[0], -1);
	T_EQ_INT(role[0], CANARY_NONE);
}

T_CASE(canary_share_rounds)
{
	T_EQ_INT(canary_share(1, 9), 10);
	T_EQ_INT(canary_share(3, 7), 30);
	T_EQ_INT(canary_share(1, 2), 33);
	T_EQ_INT(canary_share(2, 1), 67);
	T_EQ_INT(canary_share(0, 5), 0);
	T_EQ_INT(canary_share(4, 0), 100);
	T_EQ_INT(canary_share(0, 0), -1);
}

T_CASE(canary_shift_keeps_total)
{
	long c, s;
	char why[128];
	/* 10 % of 10 is 1 canary, 9 stable; a step of 10 % moves one replica */
	T_EQ_INT(canary_shift(0, 10, 10, 1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 1);
	T_EQ_INT(s, 9);
	T_EQ_INT(canary_shift(1, 9, 10, 1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 2);
	T_EQ_INT(s, 8);
	T_EQ_INT(canary_shift(2, 8, 10, 1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 3);
	T_EQ_INT(s, 7);
	T_EQ_INT(canary_shift(3, 7, 10, -1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 2);
	T_EQ_INT(s, 8);
	/* off the grid: to the next point of it, 15 % of 20 -> 20 % (4) */
	T_EQ_INT(canary_shift(3, 17, 10, 1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 4);
	T_EQ_INT(s, 16);
	T_EQ_INT(canary_shift(3, 17, 10, -1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 2);
	T_EQ_INT(s, 18);
	/* 10 % of 3 is no replica: at least one moves */
	T_EQ_INT(canary_shift(0, 3, 10, 1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 1);
	T_EQ_INT(s, 2);
	/* a step of 25 % of 8 is 2 replicas */
	T_EQ_INT(canary_shift(2, 6, 25, 1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 4);
	T_EQ_INT(s, 4);
	/* to the end and no further */
	T_EQ_INT(canary_shift(9, 1, 10, 1, &c, &s, why, sizeof why), 0);
	T_EQ_INT(c, 10);
	T_EQ_INT(s, 0);
	T_EQ_INT(canary_shift(10, 0, 10, 1, &c, &s, why, sizeof why), -1);
	T_EQ_STR(why, "the canary already has every replica: promote it instead");
	T_EQ_INT(canary_shift(0, 10, 10, -1, &c, &s, why, sizeof why), -1);
	T_EQ_STR(why, "the canary is at 0 replicas already");
	T_EQ_INT(canary_shift(0, 0, 10, 1, &c, &s, why, sizeof why), -1);
	T_EQ_STR(why, "both Deployments are at 0 replicas: there is no share to shift");
}

T_CASE(canary_promote_takes_template_keeps_labels)
{
	cJSON *st = cJSON_Parse("{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\","
	    "\"pod-template-hash\":\"abc\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:1\"}]}}}}");
	cJSON *ca = cJSON_Parse("{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\","
	    "\"track\":\"canary\"},\"annotations\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"web:2\"},{\"name\":\"side\",\"image\":\"side:1\"}]}}}}");
	char why[128], img[128];
	cJSON *t = canary_promote_template(st, ca, why, sizeof why);
	T_ASSERT(t != NULL);
	char *p = canary_template_patch(t);
	T_EQ_STR(p, "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"metadata\":{\"annotations\":"
	    "{\"a\":\"b\"},\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":"
	    "\"web:2\"},{\"name\":\"side\",\"image\":\"side:1\"}]}}}]");
	canary_images(ca, img, sizeof img);
	T_EQ_STR(img, "web=web:2, side=side:1");
	canary_images(st, img, sizeof img);
	T_EQ_STR(img, "web:1");
	free(p);
	cJSON_Delete(t);
	cJSON *empty = cJSON_Parse("{\"spec\":{}}");
	T_ASSERT(canary_promote_template(st, empty, why, sizeof why) == NULL);
	T_EQ_STR(why, "the canary has no pod template");
	cJSON_Delete(empty);
	cJSON_Delete(st);
	cJSON_Delete(ca);
}

int
main(void)
{
	T_RUN(canary_pairs_by_name_and_label);
	T_RUN(canary_pairs_one_stable_one_canary);
	T_RUN(canary_share_rounds);
	T_RUN(canary_shift_keeps_total);
	T_RUN(canary_promote_takes_template_keeps_labels);
	return t_done();
}
