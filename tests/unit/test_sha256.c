/* SHA-256 against the FIPS 180-4 / NIST example vectors. */
#include "t.h"

#include "util/sha256.h"

T_CASE(sha256_empty)
{
	char h[65];
	sha256_hex("", 0, h);
	T_EQ_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

T_CASE(sha256_abc)
{
	char h[65];
	sha256_hex("abc", 3, h);
	T_EQ_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

T_CASE(sha256_two_blocks)
{
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char h[65];
	sha256_hex(m, strlen(m), h);
	T_EQ_STR(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

T_CASE(sha256_million_a_in_pieces)
{
	static char chunk[1001];
	struct sha256 s;
	unsigned char d[32];
	memset(chunk, 'a', sizeof chunk);
	sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		sha256_update(&s, chunk, i % 2 ? 999 : 1001);
	sha256_final(&s, d);
	static const unsigned char want[4] = { 0xcd, 0xc7, 0x6e, 0x5c };
	T_ASSERT(memcmp(d, want, 4) == 0 && d[31] == 0xd0);
}

T_CASE(sha256_55_and_56_bytes)
{
	/* the padding's edge: 55 bytes fit one block, 56 need a second */
	char m[57], h[65];
	memset(m, 'a', 56);
	m[56] = '\0';
	sha256_hex(m, 55, h);
	T_EQ_STR(h, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	sha256_hex(m, 56, h);
	T_EQ_STR(h, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

int
main(void)
{
	T_RUN(sha256_empty);
	T_RUN(sha256_abc);
	T_RUN(sha256_two_blocks);
	T_RUN(sha256_million_a_in_pieces);
	T_RUN(sha256_55_and_56_bytes);
	return t_done();
}
