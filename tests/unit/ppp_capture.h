/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One side of the decrypted Windows 7 capture (../shared/data/
 * windows7-sstp-capture, read in place; SSTP_CAPTURE_DIR overrides the
 * path) as the PPP frames of its SSTP data packets, each with the pcap
 * frame number of the TLS record it starts in.  For the replay tests of
 * the PPP engine, after ppp_test.h.
 */
#ifndef SSTP_PPP_CAPTURE_H
#define SSTP_PPP_CAPTURE_H

#include <ctype.h>
#include <stdio.h>

#define CAPTURE_STREAM_MAX	32768
#define CAPTURE_FRAMES_MAX	128
#define CAPTURE_RECORDS_MAX	256

struct ppp_capture {
	uint8_t stream[CAPTURE_STREAM_MAX];
	size_t len;
	struct {
		const uint8_t *data;
		size_t len;
		int pcap_frame;
	} ppp[CAPTURE_FRAMES_MAX];
	int n;
};

/*
 * The capture is part of the project's test data: a test without it fails
 * (a skip would pass unseen), and says where it looked.
 */
#define CAPTURE_MISSING \
	"the Windows 7 capture is missing: ../shared/data/windows7-sstp-capture " \
	"beside the checkout, or SSTP_CAPTURE_DIR"

/* Reads file ("windows7-capture-client.hex" or -server); false when absent. */
static inline bool ppp_capture_load(struct ppp_capture *c, const char *file)
{
	static int starts[CAPTURE_RECORDS_MAX], numbers[CAPTURE_RECORDS_MAX];
	const char *dir = getenv("SSTP_CAPTURE_DIR");
	char path[512], line[40000];
	int records = 0;
	size_t off;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/data/windows7-sstp-capture",
		 file);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *hex;
		int frame;

		if (line[0] == '#' || sscanf(line, "%d", &frame) != 1)
			continue;
		hex = strrchr(line, ' ');
		assert_non_null(hex);
		assert_true(records < CAPTURE_RECORDS_MAX);
		starts[records] = (int)c->len;
		numbers[records++] = frame;
		for (hex++; isxdigit((unsigned char)hex[0]) && isxdigit((unsigned char)hex[1]); hex += 2) {
			unsigned int byte;

			assert_true(c->len < CAPTURE_STREAM_MAX);
			assert_int_equal(sscanf(hex, "%2x", &byte), 1);
			c->stream[c->len++] = (uint8_t)byte;
		}
	}
	fclose(f);
	/* The HTTP head, then SSTP packets back to back. */
	for (off = 0; off + 4 <= c->len && memcmp(c->stream + off, "\r\n\r\n", 4); off++)
		;
	assert_true(off + 4 <= c->len);
	for (off += 4; off + 4 <= c->len;) {
		size_t plen = ((c->stream[off + 2] << 8) | c->stream[off + 3]) & 0x0fff;
		int rec = 0;

		assert_int_equal(c->stream[off], 0x10);
		assert_true(plen >= 4 && off + plen <= c->len);
		while (rec + 1 < records && (size_t)starts[rec + 1] <= off)
			rec++;
		if (!(c->stream[off + 1] & 1)) {
			assert_true(c->n < CAPTURE_FRAMES_MAX);
			c->ppp[c->n].data = c->stream + off + 4;
			c->ppp[c->n].len = plen - 4;
			c->ppp[c->n++].pcap_frame = numbers[rec];
		}
		off += plen;
	}
	return true;
}

/* The index-th PPP frame starting in pcap frame number, or a test failure. */
static inline const uint8_t *ppp_capture_frame(const struct ppp_capture *c, int number,
					       int index, size_t *len)
{
	for (int i = 0; i < c->n; i++) {
		if (c->ppp[i].pcap_frame == number && !index--) {
			*len = c->ppp[i].len;
			return c->ppp[i].data;
		}
	}
	fail_msg("no PPP frame %d in pcap frame %d", index, number);
	return NULL;
}

/* Feeds that frame to the engine of e. */
static inline void ppp_capture_replay(struct t_end *e, const struct ppp_capture *c, int number,
				      int index)
{
	size_t len = 0;
	const uint8_t *f = ppp_capture_frame(c, number, index, &len);

	t_feed(e, f, len);
}

#endif /* SSTP_PPP_CAPTURE_H */
