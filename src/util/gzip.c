#include "util/gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#define GZIP_MAX_DEFAULT ((size_t)256 << 20)
#define GZIP_STORED_MAX 65535
/* The fast table decodes codes of up to this many bits in one look-up; longer ones (rare)
 * are walked bit by bit through the canonical counts. */
#define HUFF_FAST 10

static const uint32_t gzip_crc_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
	0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988, 0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
	0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
	0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172, 0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
	0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
	0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924, 0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
	0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
	0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e, 0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
	0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
	0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0, 0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
	0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
	0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a, 0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
	0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
	0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc, 0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
	0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
	0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236, 0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
	0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
	0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38, 0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
	0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
	0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2, 0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
	0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
	0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94, 0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

unsigned long
gzip_crc32(unsigned long crc, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t c = (uint32_t)crc ^ 0xffffffffu;
	while (len--)
		c = gzip_crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

int
gzip_is(const void *data, size_t len)
{
	const unsigned char *p = data;
	return len >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

/* ---- reading bits (RFC 1951 3.1.1: least significant bit first) ---- */

struct inflate {
	const unsigned char *in;
	size_t len, pos;
	uint64_t bits;      /* bits read ahead, the next one lowest */
	unsigned nbits;
	char *out;
	size_t out_len, out_cap, max;
	struct kd_err *err;
};

static void
inflate_fill(struct inflate *z)
{
	while (z->nbits <= 56 && z->pos < z->len) {
		z->bits |= (uint64_t)z->in[z->pos++] << z->nbits;
		z->nbits += 8;
	}
}

static int
inflate_short(struct inflate *z)
{
	return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is cut short");
}

/* n (<= 32) bits as a number into *v, or -1 when the data ends first. */
static int
inflate_bits(struct inflate *z, unsigned n, unsigned *v)
{
	if (z->nbits < n) {
		inflate_fill(z);
		if (z->nbits < n)
			return inflate_short(z);
	}
	*v = n == 0 ? 0 : (unsigned)(z->bits & ((UINT64_C(1) << n) - 1));
	z->bits >>= n;
	z->nbits -= n;
	return 0;
}

/* ---- Huffman codes (3.2.2: canonical, given by the code lengths) ---- */

struct huff {
	unsigned short count[16];    /* codes of each length */
	unsigned short symbol[288];  /* symbols by code order */
	unsigned short fast[1 << HUFF_FAST];  /* by the next HUFF_FAST bits: length << 9 | symbol */
};

static unsigned
huff_reverse(unsigned code, unsigned len)
{
	unsigned r = 0;
	while (len--) {
		r = r << 1 | (code & 1);
		code >>= 1;
	}
	return r;
}

/* Builds h from n code lengths. An over-subscribed set is refused; an incomplete one is
 * kept (a stream that uses a missing code fails when it does). */
static int
huff_build(struct huff *h, const unsigned char *lengths, unsigned n)
{
	unsigned short offs[16];
	memset(h->count, 0, sizeof h->count);
	memset(h->fast, 0, sizeof h->fast);
	for (unsigned s = 0; s < n; s++)
		h->count[lengths[s]]++;
	int left = 1;
	for (unsigned len = 1; len < 16; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return -1;
	}
	offs[1] = 0;
	for (unsigned len = 1; len < 15; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (unsigned s = 0; s < n; s++)
		if (lengths[s] != 0)
			h->symbol[offs[lengths[s]]++] = (unsigned short)s;
	/* the fast table: walk the codes in canonical order */
	unsigned code = 0, idx = 0;
	for (unsigned len = 1; len <= HUFF_FAST; len++) {
		for (unsigned i = 0; i < h->count[len]; i++, code++, idx++) {
			unsigned r = huff_reverse(code, len);
			for (unsigned f = r; f < (1u << HUFF_FAST); f += 1u << len)
				h->fast[f] = (unsigned short)(len << 9 | h->symbol[idx]);
		}
		code <<= 1;
	}
	return 0;
}

/* The next symbol of h, or -1 (the message set) on a code h has not or cut-short data. */
static int
huff_decode(struct inflate *z, const struct huff *h)
{
	if (z->nbits < 15)
		inflate_fill(z);
	unsigned e = h->fast[z->bits & ((1u << HUFF_FAST) - 1)];
	if (e != 0 && (e >> 9) <= z->nbits) {
		z->bits >>= e >> 9;
		z->nbits -= e >> 9;
		return e & 0x1ff;
	}
	int code = 0, first = 0, index = 0;
	for (unsigned len = 1; len < 16; len++) {
		if (z->nbits == 0)
			return inflate_short(z);
		code |= (int)(z->bits & 1);
		z->bits >>= 1;
		z->nbits--;
		int count = h->count[len];
		if (code - first < count)
			return h->symbol[index + code - first];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (an unknown Huffman code)");
}

/* ---- the output, bounded ---- */

static int
inflate_room(struct inflate *z, size_t n)
{
	if (n > z->max - z->out_len)
		return kd_err_set(z->err, KD_ERR_INVALID,
		    "the gzip content is larger than %zu bytes; refusing it", z->max);
	if (z->out_len + n + 1 > z->out_cap) {
		size_t cap = z->out_cap ? z->out_cap : 4096;
		while (cap < z->out_len + n + 1)
			cap *= 2;
		z->out = xrealloc(z->out, cap);
		z->out_cap = cap;
	}
	return 0;
}

/* ---- blocks (3.2.3 - 3.2.7) ---- */

static int
inflate_stored(struct inflate *z)
{
	/* to the byte boundary, then give back whole bytes read ahead */
	z->bits >>= z->nbits & 7;
	z->nbits -= z->nbits & 7;
	z->pos -= z->nbits / 8;
	z->bits = 0;
	z->nbits = 0;
	if (z->len - z->pos < 4)
		return inflate_short(z);
	const unsigned char *p = z->in + z->pos;
	unsigned n = p[0] | p[1] << 8, nn = p[2] | p[3] << 8;
	if (n != (~nn & 0xffff))
		return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (a stored block's length)");
	z->pos += 4;
	if (z->len - z->pos < n)
		return inflate_short(z);
	if (inflate_room(z, n) < 0)
		return -1;
	memcpy(z->out + z->out_len, z->in + z->pos, n);
	z->out_len += n;
	z->pos += n;
	return 0;
}

static const unsigned short inflate_lbase[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const unsigned char inflate_lext[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const unsigned short inflate_dbase[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const unsigned char inflate_dext[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};

static int
inflate_codes(struct inflate *z, const struct huff *lit, const struct huff *dist)
{
	for (;;) {
		int sym = huff_decode(z, lit);
		if (sym < 0)
			return -1;
		if (sym < 256) {
			if (z->out_len + 1 >= z->out_cap || z->out_len >= z->max) {
				if (inflate_room(z, 1) < 0)
					return -1;
			}
			z->out[z->out_len++] = (char)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (a length code)");
		unsigned extra, len, d;
		if (inflate_bits(z, inflate_lext[sym], &extra) < 0)
			return -1;
		len = inflate_lbase[sym] + extra;
		int ds = huff_decode(z, dist);
		if (ds < 0)
			return -1;
		if (ds >= 30)
			return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (a distance code)");
		if (inflate_bits(z, inflate_dext[ds], &extra) < 0)
			return -1;
		d = inflate_dbase[ds] + extra;
		if (d > z->out_len)
			return kd_err_set(z->err, KD_ERR_INVALID,
			    "the gzip data is corrupt (a distance too far back)");
		if (inflate_room(z, len) < 0)
			return -1;
		char *o = z->out + z->out_len;
		const char *from = o - d;
		for (unsigned i = 0; i < len; i++)   /* may overlap: byte by byte */
			o[i] = from[i];
		z->out_len += len;
	}
}

static int
inflate_fixed(struct inflate *z)
{
	struct huff l, d;   /* the same for every block; cheap to build */
	unsigned char lengths[288];
	unsigned s = 0;
	for (; s < 144; s++)
		lengths[s] = 8;
	for (; s < 256; s++)
		lengths[s] = 9;
	for (; s < 280; s++)
		lengths[s] = 7;
	for (; s < 288; s++)
		lengths[s] = 8;
	huff_build(&l, lengths, 288);
	for (s = 0; s < 30; s++)
		lengths[s] = 5;
	huff_build(&d, lengths, 30);
	return inflate_codes(z, &l, &d);
}

static int
inflate_dynamic(struct inflate *z)
{
	static const unsigned char order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
	};
	unsigned char lengths[320];
	unsigned nlen, ndist, ncode, v;
	struct huff l, d;
	if (inflate_bits(z, 5, &nlen) < 0 || inflate_bits(z, 5, &ndist) < 0 ||
	    inflate_bits(z, 4, &ncode) < 0)
		return -1;
	nlen += 257;
	ndist += 1;
	ncode += 4;
	if (nlen > 286 || ndist > 30)
		return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (a block's code counts)");
	memset(lengths, 0, 19);
	for (unsigned i = 0; i < ncode; i++) {
		if (inflate_bits(z, 3, &v) < 0)
			return -1;
		lengths[order[i]] = (unsigned char)v;
	}
	if (huff_build(&l, lengths, 19) < 0)
		return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (a block's code lengths)");
	for (unsigned i = 0; i < nlen + ndist;) {
		int sym = huff_decode(z, &l);
		if (sym < 0)
			return -1;
		if (sym < 16) {
			lengths[i++] = (unsigned char)sym;
			continue;
		}
		unsigned rep, val = 0;
		if (sym == 16) {
			if (i == 0)
				return kd_err_set(z->err, KD_ERR_INVALID,
				    "the gzip data is corrupt (a repeat with nothing before it)");
			val = lengths[i - 1];
			if (inflate_bits(z, 2, &rep) < 0)
				return -1;
			rep += 3;
		} else if (sym == 17) {
			if (inflate_bits(z, 3, &rep) < 0)
				return -1;
			rep += 3;
		} else {
			if (inflate_bits(z, 7, &rep) < 0)
				return -1;
			rep += 11;
		}
		if (i + rep > nlen + ndist)
			return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (too many code lengths)");
		while (rep--)
			lengths[i++] = (unsigned char)val;
	}
	if (lengths[256] == 0)
		return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (no end-of-block code)");
	if (huff_build(&l, lengths, nlen) < 0 || huff_build(&d, lengths + nlen, ndist) < 0)
		return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (a block's code lengths)");
	return inflate_codes(z, &l, &d);
}

static int
inflate_blocks(struct inflate *z)
{
	unsigned last, type;
	do {
		if (inflate_bits(z, 1, &last) < 0 || inflate_bits(z, 2, &type) < 0)
			return -1;
		int rc;
		switch (type) {
		case 0: rc = inflate_stored(z); break;
		case 1: rc = inflate_fixed(z); break;
		case 2: rc = inflate_dynamic(z); break;
		default:
			return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (an invalid block type)");
		}
		if (rc < 0)
			return -1;
	} while (!last);
	/* give back whole bytes read ahead: the trailer follows at the next byte */
	z->pos -= z->nbits / 8;
	z->bits = 0;
	z->nbits = 0;
	return 0;
}

/* ---- the gzip member (RFC 1952 2.3) ---- */

static uint32_t
gzip_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Skips a member's header at z->pos. */
static int
gzip_header(struct inflate *z)
{
	const unsigned char *p = z->in + z->pos;
	size_t n = z->len - z->pos, at = 10;
	if (n < 10)
		return inflate_short(z);
	if (!gzip_is(p, n))
		return kd_err_set(z->err, KD_ERR_INVALID, "the data is not gzip (no 1f 8b 08 at its start)");
	unsigned flg = p[3];
	if (flg & 0xe0)
		return kd_err_set(z->err, KD_ERR_INVALID, "the gzip header has reserved flags set");
	if (flg & 4) {   /* FEXTRA */
		if (n < at + 2)
			return inflate_short(z);
		size_t xlen = p[at] | (size_t)p[at + 1] << 8;
		at += 2;
		if (n - at < xlen)
			return inflate_short(z);
		at += xlen;
	}
	for (unsigned f = 8; f <= 16; f <<= 1) {   /* FNAME, FCOMMENT: NUL-terminated */
		if (!(flg & f))
			continue;
		const unsigned char *nul = at < n ? memchr(p + at, 0, n - at) : NULL;
		if (nul == NULL)
			return inflate_short(z);
		at = (size_t)(nul - p) + 1;
	}
	if (flg & 2) {   /* FHCRC: the low 16 bits of the header's CRC-32 */
		if (n < at + 2)
			return inflate_short(z);
		if ((gzip_crc32(0, p, at) & 0xffff) != (unsigned long)(p[at] | p[at + 1] << 8))
			return kd_err_set(z->err, KD_ERR_INVALID, "the gzip data is corrupt (header CRC mismatch)");
		at += 2;
	}
	z->pos += at;
	return 0;
}

char *
gzip_inflate(const void *data, size_t len, size_t max, size_t *out_len, struct kd_err *err)
{
	struct inflate z = { .in = data, .len = len, .max = max ? max : GZIP_MAX_DEFAULT, .err = err };
	*out_len = 0;
	/* concatenated members are one content, as gzip -d reads them */
	do {
		size_t start = z.out_len;
		if (gzip_header(&z) < 0 || inflate_blocks(&z) < 0)
			goto fail;
		if (z.len - z.pos < 8) {
			inflate_short(&z);
			goto fail;
		}
		const unsigned char *t = z.in + z.pos;
		if (gzip_crc32(0, z.out + start, z.out_len - start) != gzip_le32(t)) {
			kd_err_set(err, KD_ERR_INVALID, "the gzip data is corrupt (CRC mismatch)");
			goto fail;
		}
		if (((z.out_len - start) & 0xffffffffu) != gzip_le32(t + 4)) {
			kd_err_set(err, KD_ERR_INVALID, "the gzip data is corrupt (length mismatch)");
			goto fail;
		}
		z.pos += 8;
	} while (z.pos < z.len && gzip_is(z.in + z.pos, z.len - z.pos));
	if (z.pos < z.len) {
		kd_err_set(err, KD_ERR_INVALID, "the gzip data has %zu bytes of something else after it",
		    z.len - z.pos);
		goto fail;
	}
	if (inflate_room(&z, 0) < 0)
		goto fail;
	z.out[z.out_len] = '\0';
	*out_len = z.out_len;
	return z.out;
fail:
	free(z.out);
	return NULL;
}

char *
gzip_deflate(const void *data, size_t len, size_t *out_len)
{
	size_t blocks = len / GZIP_STORED_MAX + 1;
	size_t n = 10 + blocks * 5 + len + 8;
	unsigned char *o = xmalloc(n + 1), *p = o;
	const unsigned char *in = data;
	static const unsigned char header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255 };
	memcpy(p, header, 10);
	p += 10;
	size_t left = len;
	do {
		unsigned b = left > GZIP_STORED_MAX ? GZIP_STORED_MAX : (unsigned)left;
		*p++ = left == b;   /* BFINAL on the last, BTYPE 00: stored */
		*p++ = b & 0xff;
		*p++ = b >> 8;
		*p++ = ~b & 0xff;
		*p++ = (~b >> 8) & 0xff;
		memcpy(p, in, b);
		p += b;
		in += b;
		left -= b;
	} while (left > 0);
	uint32_t crc = (uint32_t)gzip_crc32(0, data, len), size = (uint32_t)len;
	for (int i = 0; i < 4; i++)
		*p++ = (crc >> (8 * i)) & 0xff;
	for (int i = 0; i < 4; i++)
		*p++ = (size >> (8 * i)) & 0xff;
	*p = '\0';
	*out_len = (size_t)(p - o);
	return (char *)o;
}
