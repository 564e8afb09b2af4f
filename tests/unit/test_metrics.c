#include "t.h"
/* metrics.k8s.io: quantities as the API writes them, the lists it answers (and broken
 * ones), the cluster's percentages over the nodes that report usage, the top pods. */
#include "kube/metrics.h"

T_CASE(metrics_cpu_quantities)
{
	T_EQ_INT(metrics_cpu_parse("250m"), 250);
	T_EQ_INT(metrics_cpu_parse("2"), 2000);
	T_EQ_INT(metrics_cpu_parse("0.5"), 500);
	T_EQ_INT(metrics_cpu_parse("12345678n"), 12);
	T_EQ_INT(metrics_cpu_parse("1500u"), 2);
	T_EQ_INT(metrics_cpu_parse(""), -1);
	T_EQ_INT(metrics_cpu_parse("m"), -1);
	T_EQ_INT(metrics_cpu_parse("3x"), -1);
	T_EQ_INT(metrics_cpu_parse(NULL), -1);
	/* what metrics-server and the nodes write: nanocores, and every other form */
	T_EQ_INT(metrics_cpu_parse("0"), 0);
	T_EQ_INT(metrics_cpu_parse("1499999n"), 1);
	T_EQ_INT(metrics_cpu_parse("1500000n"), 2);   /* halves round up */
	T_EQ_INT(metrics_cpu_parse("123456789012n"), 123457);
	T_EQ_INT(metrics_cpu_parse("499u"), 0);
	T_EQ_INT(metrics_cpu_parse("2500u"), 3);
	T_EQ_INT(metrics_cpu_parse("1.5m"), 2);
	T_EQ_INT(metrics_cpu_parse("1.4m"), 1);
	T_EQ_INT(metrics_cpu_parse("16"), 16000);
	T_EQ_INT(metrics_cpu_parse(".25"), 250);
	T_EQ_INT(metrics_cpu_parse("2e3"), 2000000);
	T_EQ_INT(metrics_cpu_parse("2E3"), 2000000);
	T_EQ_INT(metrics_cpu_parse("25e-2"), 250);
	T_EQ_INT(metrics_cpu_parse("1e-3"), 1);
	T_EQ_INT(metrics_cpu_parse("0.0005"), 1);
	T_EQ_INT(metrics_cpu_parse("-250m"), -1);
	T_EQ_INT(metrics_cpu_parse("250 m"), -1);
	T_EQ_INT(metrics_cpu_parse(" 250m"), -1);
}

T_CASE(metrics_memory_quantities)
{
	T_EQ_INT(metrics_mem_parse("512Mi"), 512LL * 1048576);
	T_EQ_INT(metrics_mem_parse("1Gi"), 1073741824LL);
	T_EQ_INT(metrics_mem_parse("1G"), 1000000000LL);
	T_EQ_INT(metrics_mem_parse("900Ki"), 921600);
	T_EQ_INT(metrics_mem_parse("1048576"), 1048576);
	T_EQ_INT(metrics_mem_parse("12Qi"), -1);
	T_EQ_INT(metrics_mem_parse("-1Mi"), -1);
	T_EQ_INT(metrics_mem_parse("0"), 0);
	T_EQ_INT(metrics_mem_parse("2Ki"), 2048);
	T_EQ_INT(metrics_mem_parse("1.5Gi"), 1610612736LL);
	T_EQ_INT(metrics_mem_parse("0.5Mi"), 524288);
	T_EQ_INT(metrics_mem_parse("3Ti"), 3LL * 1099511627776LL);
	T_EQ_INT(metrics_mem_parse("64k"), 64000);
	T_EQ_INT(metrics_mem_parse("128M"), 128000000);
	T_EQ_INT(metrics_mem_parse("2T"), 2000000000000LL);
	T_EQ_INT(metrics_mem_parse("129e6"), 129000000);
	T_EQ_INT(metrics_mem_parse("1E3"), 1000);
	T_EQ_INT(metrics_mem_parse("1500m"), 2);
	T_EQ_INT(metrics_mem_parse("1499m"), 1);
	T_EQ_INT(metrics_mem_parse("12345678901"), 12345678901LL);
	T_EQ_INT(metrics_mem_parse("1Mi "), -1);
	T_EQ_INT(metrics_mem_parse("Mi"), -1);
	T_EQ_INT(metrics_mem_parse(NULL), -1);
	char buf[32];
	metrics_mem_format(1610612736LL, buf, sizeof buf);
	T_EQ_STR(buf, "1.5Gi");
	metrics_mem_format(350LL * 1048576, buf, sizeof buf);
	T_EQ_STR(buf, "350Mi");
}

static const char nodes_usage[] =
    "{\"kind\":\"NodeMetricsList\",\"items\":["
    "{\"metadata\":{\"name\":\"n1\"},\"usage\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"}},"
    "{\"metadata\":{\"name\":\"n2\"},\"usage\":{\"cpu\":\"1500m\",\"memory\":\"3Gi\"}}]}";
/* n3 is NotReady: no usage, so its capacity does not count */
static const char nodes_alloc[] =
    "{\"kind\":\"NodeList\",\"items\":["
    "{\"metadata\":{\"name\":\"n1\"},\"status\":{\"allocatable\":{\"cpu\":\"4\",\"memory\":\"8Gi\"}}},"
    "{\"metadata\":{\"name\":\"n2\"},\"status\":{\"allocatable\":{\"cpu\":\"4\",\"memory\":\"8Gi\"}}},"
    "{\"metadata\":{\"name\":\"n3\"},\"status\":{\"allocatable\":{\"cpu\":\"4\",\"memory\":\"8Gi\"}}}]}";
static const char pods_usage[] =
    "{\"kind\":\"PodMetricsList\",\"items\":["
    "{\"metadata\":{\"namespace\":\"a\",\"name\":\"small\"},\"containers\":[{\"name\":\"c\",\"usage\":{\"cpu\":\"5m\",\"memory\":\"900Mi\"}}]},"
    "{\"metadata\":{\"namespace\":\"a\",\"name\":\"two\"},\"containers\":["
    "{\"name\":\"c\",\"usage\":{\"cpu\":\"100m\",\"memory\":\"10Mi\"}},{\"name\":\"d\",\"usage\":{\"cpu\":\"150m\",\"memory\":\"10Mi\"}}]},"
    "{\"metadata\":{\"namespace\":\"b\",\"name\":\"mid\"},\"containers\":[{\"name\":\"c\",\"usage\":{\"cpu\":\"200m\",\"memory\":\"50Mi\"}}]}]}";

T_CASE(metrics_lists_and_percentages)
{
	struct metrics *m = metrics_new(NULL, NULL, NULL, NULL);
	struct kd_err err = { 0 };
	int cpu, mem;

	T_EQ_INT(metrics_cluster(m, &cpu, &mem), -1);
	T_EQ_INT(metrics_parse(m, "node metrics", nodes_usage, sizeof nodes_usage - 1, &err), 0);
	T_EQ_INT(metrics_parse(m, "allocatable", nodes_alloc, sizeof nodes_alloc - 1, &err), 0);
	T_EQ_INT(metrics_state(m), METRICS_SERVED);
	/* 2000m of n1+n2's 8 cores, 4Gi of their 16Gi: n3 reports no usage and does not count */
	T_EQ_INT(metrics_cluster(m, &cpu, &mem), 0);
	T_EQ_INT(cpu, 25);
	T_EQ_INT(mem, 25);
	T_EQ_INT(metrics_parse(m, "pods", pods_usage, sizeof pods_usage - 1, &err), 0);
	T_EQ_INT(metrics_pod_count(m), 3);

	const struct metrics_pod *top[2];
	T_EQ_INT(metrics_top(m, 0, top, 2), 2);
	T_EQ_STR(top[0]->name, "two");   /* containers summed: 250m */
	T_EQ_INT(top[0]->cpu_m, 250);
	T_EQ_STR(top[1]->name, "mid");
	T_EQ_INT(metrics_top(m, 1, top, 2), 2);
	T_EQ_STR(top[0]->name, "small");
	T_EQ_STR(top[1]->name, "mid");
	metrics_free(&m);
	T_ASSERT(m == NULL);
	metrics_free(&m);   /* NULL is fine */
}

T_CASE(metrics_broken_lists)
{
	struct metrics *m = metrics_new(NULL, NULL, NULL, NULL);
	struct kd_err err = { 0 };
	T_EQ_INT(metrics_parse(m, "pods", "not json", 8, &err), -1);
	T_CONTAINS(err.msg, "not a list");
	static const char bad[] = "{\"items\":[{\"metadata\":{\"name\":\"n1\"},\"usage\":{\"cpu\":\"lots\"}}]}";
	T_EQ_INT(metrics_parse(m, "node metrics", bad, sizeof bad - 1, &err), -1);
	T_CONTAINS(err.msg, "node n1");
	T_EQ_INT(metrics_state(m), METRICS_UNKNOWN);
	metrics_free(&m);
}

int
main(void)
{
	T_RUN(metrics_cpu_quantities);
	T_RUN(metrics_memory_quantities);
	T_RUN(metrics_lists_and_percentages);
	T_RUN(metrics_broken_lists);
	return t_done();
}
