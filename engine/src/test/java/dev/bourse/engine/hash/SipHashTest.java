package dev.bourse.engine.hash;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** SipHash against its authors' published vectors, and strings built to collide under String.hashCode. */
class SipHashTest
{
    // SipHash-2-4 of the bytes 0, 1, ..., n - 1 under the key 0, 1, ..., 15, for n = 0 to 63 (Aumasson and Bernstein).
    private static final long[] VECTORS = {
        0x726fdb47dd0e0e31L, 0x74f839c593dc67fdL, 0x0d6c8009d9a94f5aL, 0x85676696d7fb7e2dL,
        0xcf2794e0277187b7L, 0x18765564cd99a68dL, 0xcbc9466e58fee3ceL, 0xab0200f58b01d137L,
        0x93f5f5799a932462L, 0x9e0082df0ba9e4b0L, 0x7a5dbbc594ddb9f3L, 0xf4b32f46226bada7L,
        0x751e8fbc860ee5fbL, 0x14ea5627c0843d90L, 0xf723ca908e7af2eeL, 0xa129ca6149be45e5L,
        0x3f2acc7f57c29bdbL, 0x699ae9f52cbe4794L, 0x4bc1b3f0968dd39cL, 0xbb6dc91da77961bdL,
        0xbed65cf21aa2ee98L, 0xd0f2cbb02e3b67c7L, 0x93536795e3a33e88L, 0xa80c038ccd5ccec8L,
        0xb8ad50c6f649af94L, 0xbce192de8a85b8eaL, 0x17d835b85bbb15f3L, 0x2f2e6163076bcfadL,
        0xde4daaaca71dc9a5L, 0xa6a2506687956571L, 0xad87a3535c49ef28L, 0x32d892fad841c342L,
        0x7127512f72f27cceL, 0xa7f32346f95978e3L, 0x12e0b01abb051238L, 0x15e034d40fa197aeL,
        0x314dffbe0815a3b4L, 0x027990f029623981L, 0xcadcd4e59ef40c4dL, 0x9abfd8766a33735cL,
        0x0e3ea96b5304a7d0L, 0xad0c42d6fc585992L, 0x187306c89bc215a9L, 0xd4a60abcf3792b95L,
        0xf935451de4f21df2L, 0xa9538f0419755787L, 0xdb9acddff56ca510L, 0xd06c98cd5c0975ebL,
        0xe612a3cb9ecba951L, 0xc766e62cfcadaf96L, 0xee64435a9752fe72L, 0xa192d576b245165aL,
        0x0a8787bf8ecb74b2L, 0x81b3e73d20b49b6fL, 0x7fa8220ba3b2eceaL, 0x245731c13ca42499L,
        0xb78dbfaf3a8d83bdL, 0xea1ad565322a1a0bL, 0x60e61c23a3795013L, 0x6606d7e446282b93L,
        0x6ca4ecb15c5f91e1L, 0x9f626da15c9625f3L, 0xe51b38608ef25f57L, 0x958a324ceb064572L,
    };

    @Test
    void shouldMatchThePublishedVectorsForEveryMessageItCanSpell()
    {
        final SipHash sipHash = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        // A message here is eight bytes and then whole chars: the vectors of 8, 10, ..., 62 bytes.
        for (int bytes = 8; bytes < VECTORS.length; bytes += 2)
        {
            final StringBuilder chars = new StringBuilder();
            for (int b = 8; b < bytes; b += 2)
            {
                chars.append((char)(b | (b + 1) << 8));
            }
            assertThat(sipHash.hash(2, 4, 0x0706050403020100L, chars))
                .as("SipHash-2-4 of %d bytes", bytes).isEqualTo(VECTORS[bytes]);
        }
    }

    @Test
    void shouldSpreadStringsThatAllShareOneHashCode()
    {
        // "Aa" and "BB" share a hash code, so any 13 of them in a row do too: 8,192 such strings.
        final String[] strings = IntStream.range(0, 1 << 13)
            .mapToObj(n -> IntStream.range(0, 13).mapToObj(bit -> (n >> bit & 1) == 0 ? "Aa" : "BB")
                .reduce("", String::concat))
            .toArray(String[]::new);
        assertThat(IntStream.range(0, strings.length).map(i -> strings[i].hashCode()).distinct().count())
            .isEqualTo(1);

        final SipHash sipHash = new SipHash(42, 43);
        // Two of 8,192 random 32-bit values are alike with odds of 1 in 128, three with odds of 1 in ten million.
        assertThat(IntStream.range(0, strings.length).map(i -> (int)sipHash.hash(7, strings[i])).distinct().count())
            .isGreaterThanOrEqualTo(strings.length - 2);
    }

    @Test
    void shouldHashTheSameMessageAlikeAndAnotherPrefixOrKeyOtherwise()
    {
        final SipHash sipHash = new SipHash(1, 2);
        assertThat(sipHash.hash(5, "order-1")).isEqualTo(sipHash.hash(5, new StringBuilder("order-1")));
        assertThat(sipHash.hash(5, "order-1")).isNotEqualTo(sipHash.hash(6, "order-1"));
        assertThat(sipHash.hash(5, "order-1")).isNotEqualTo(new SipHash(1, 3).hash(5, "order-1"));
        // The length is part of the message: a trailing NUL char is another key.
        assertThat(sipHash.hash(5, "abcd")).isNotEqualTo(sipHash.hash(5, "abcd\0"));
    }
}
