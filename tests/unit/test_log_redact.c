/* log_redact as a property: whatever text surrounds a secret, in whichever form kdeck's
 * log lines can carry one (a header, a URL parameter, URL userinfo, a JSON member, a
 * kubeconfig key, a PEM block), the secret never survives, and a line holding none of
 * those forms comes back unchanged. Random cases from a fixed seed, so a failure repeats. */
#include "t.h"

#include "log.h"

static unsigned long long rng_state = 0x6b6465636b2d6c6fULL;

static unsigned
rng(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static const char *
pick(const char *const *v, size_t n)
{
	return v[rng((unsigned)n)];
}
#define PICK(v) pick(v, sizeof v / sizeof v[0])

/* A secret: a distinctive start (so it cannot occur by chance) then chars from set. */
static void
secret(char *out, size_t len, const char *set)
{
	size_t n = 16 + rng(40), k = (size_t)snprintf(out, len, "Zq%04x", rng(0x10000));
	size_t m = strlen(set);
	while (k < n && k + 1 < len)
		out[k++] = set[rng((unsigned)m)];
	out[k] = '\0';
}

/* Text around a secret's form: words that hold none of the forms, ending in a separator
 * (a header or a parameter glued to a word is not one). */
static const char *const words[] = { "GET", "pods", "200", "OK", "watch=1", "limit=500",
	"resourceVersion=81234", "labelSelector=app%3Dweb", "https://127.0.0.1:6443/api/v1",
	"{\"kind\":\"Status\"}", "naïve", "日本語", "retrying", "in", "2s", "-", "kube-system",
	"x-request-id:", "Accept: application/json", "\"name\":\"web-1\"", "took", "12ms" };
static const char *const seps[] = { " ", "\t", "\n", "\r\n", "; ", ", " };

static void
text(char *out, size_t len, int words_max)
{
	size_t k = 0;
	out[0] = '\0';
	for (int i = rng((unsigned)words_max + 1); i > 0 && k + 64 < len; i--)
		k += (size_t)snprintf(out + k, len - k, "%s%s", PICK(words), PICK(seps));
}

static void
mixcase(char *s)
{
	for (; *s; s++)
		if (rng(2))
			*s = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
}

#define TOKEN_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/="
#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* One secret in one form; *x is the secret. Returns the form's name. */
static const char *
form(char *out, size_t len, char *x, size_t xlen)
{
	static const char *const headers[] = { "authorization:", "proxy-authorization:", "cookie:",
		"set-cookie:" };
	static const char *const schemes[] = { "Bearer ", "bearer ", "Basic ", "BEARER  " };
	static const char *const params[] = { "token=", "access_token=", "id_token=", "refresh_token=",
		"password=", "passwd=", "client_secret=", "secret=", "sig=", "signature=" };
	static const char *const psep[] = { "?", "&", " ", ";", "#" };
	static const char *const pend[] = { "", "&limit=5", "#frag", " HTTP/1.1", "\"", "'" };
	static const char *const members[] = { "token", "password", "clientKeyData", "client-key-data",
		"access_token", "id_token", "refresh_token" };
	static const char *const colons[] = { ":", " : ", ":\t", ":\n\t\t", ": " };
	static const char *const yaml[] = { "client-key-data:", "token:", "password:" };
	static const char *const pems[] = { "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY",
		"ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY" };
	char name[64];

	switch (rng(6)) {
	case 0: /* a credential header, with or without its scheme word */
		secret(x, xlen, TOKEN_CHARS);
		snprintf(name, sizeof name, "%s", PICK(headers));
		mixcase(name);
		snprintf(out, len, "%s%s%s%s", name, rng(2) ? " " : "", rng(4) ? PICK(schemes) : "", x);
		return "header";
	case 1: /* a URL or form parameter */
		secret(x, xlen, ALNUM "-._~%");
		snprintf(name, sizeof name, "%s", PICK(params));
		mixcase(name);
		snprintf(out, len, "/api/v1/pods%s%s%s%s", PICK(psep), name, x, PICK(pend));
		return "parameter";
	case 2: /* a password in URL userinfo */
		secret(x, xlen, ALNUM "-._~!$&'()*+,;=%");
		snprintf(out, len, "%s://%s:%s@proxy.example:3128/", rng(2) ? "https" : "socks5",
		    rng(2) ? "bob" : "", x);
		return "userinfo";
	case 3: { /* a JSON member, compact or as cJSON and kubectl print it */
		secret(x, xlen, TOKEN_CHARS);
		size_t k = strlen(x);
		if (rng(2) && k + 3 < xlen) { /* an escaped quote inside the value */
			memmove(x + 6, x + 4, k - 3);
			x[4] = '\\', x[5] = '"';
		}
		snprintf(out, len, "{\"status\":{\"%s\"%s\"%s\",\"expirationTimestamp\":null}}",
		    PICK(members), PICK(colons), x);
		return "json member";
	}
	case 4: /* a kubeconfig key as YAML */
		secret(x, xlen, TOKEN_CHARS);
		snprintf(out, len, "users:\n- name: admin\n  user:\n    %s %s\n", PICK(yaml), x);
		return "yaml key";
	default: { /* a PEM private key block, raw or inside a JSON string */
		secret(x, xlen, ALNUM "+/");
		const char *t = PICK(pems), *nl = rng(2) ? "\n" : "\\n";
		snprintf(out, len, "-----BEGIN %s-----%sMIIE%s%s%s=%s-----END %s-----", t, nl, x, nl, x, nl, t);
		return "pem block";
	}
	}
}

T_CASE(log_redact_leaves_no_secret)
{
	char line[4096], before[1024], after[1024], f[1024], x[128];
	int counts[6] = { 0 };

	for (int i = 0; i < 20000; i++) {
		text(before, sizeof before, 4);
		text(after, sizeof after, 4);
		const char *name = form(f, sizeof f, x, sizeof x);
		snprintf(line, sizeof line, "%s%s%s%s", before, f, rng(2) ? PICK(seps) : "", after);
		char *r = log_redact(line);
		/* the whole secret, and its end (the escaped quote case splits it) */
		int leaked = strstr(r, x) != NULL || (strlen(x) > 8 && strstr(r, x + strlen(x) - 8) != NULL);
		if (leaked)
			t_fail(__FILE__, __LINE__, "case %d (%s): log_redact(\"%s\") is \"%s\", which keeps \"%s\"",
			    i, name, line, r, x);
		free(r);
		if (leaked)
			return;
		counts[name[0] == 'h' ? 0 : name[0] == 'p' && name[1] == 'a' ? 1 : name[0] == 'u' ? 2 :
		    name[0] == 'j' ? 3 : name[0] == 'y' ? 4 : 5]++;
	}
	for (int k = 0; k < 6; k++)
		T_ASSERT_MSG(counts[k] > 2000, "form %d was made %d times of 20000", k, counts[k]);
}

T_CASE(log_redact_keeps_lines_without_secrets)
{
	char line[4096];
	for (int i = 0; i < 20000; i++) {
		text(line, sizeof line, 12);
		char *r = log_redact(line);
		int same = strcmp(r, line) == 0;
		if (!same)
			t_fail(__FILE__, __LINE__, "case %d: log_redact(\"%s\") is \"%s\"", i, line, r);
		free(r);
		if (!same)
			return;
	}
}

int
main(void)
{
	T_RUN(log_redact_leaves_no_secret);
	T_RUN(log_redact_keeps_lines_without_secrets);
	return t_done();
}
