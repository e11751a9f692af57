package dev.bourse.journal.sequencer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleSpellsTest
{
    private static final long US = 1_000;
    private final IdleSpells spells = new IdleSpells();
    private long now = 1_000_000;

    @Test
    void shouldSleepAtOnceUntilSpellsHaveBeenShort()
    {
        spells.begin(now);
        assertThat(spells.keepPolling(now)).isFalse();
    }

    @Test
    void shouldPollThroughAShortSpellOnceSpellsAreShortButNotPastItsLimit()
    {
        spells(30, 10 * US);

        spells.begin(now);
        assertThat(spells.keepPolling(now + 50 * US)).isTrue();
        assertThat(spells.keepPolling(now + IdleSpells.SHORT_NANOS)).isFalse();
    }

    @Test
    void shouldStopPollingWhenWorkComesFurtherApartAndStartAgainWhenItComesSoon()
    {
        spells(30, 10 * US);
        spells(10, 2_000 * US);

        spells.begin(now);
        assertThat(spells.keepPolling(now + US)).isFalse();

        spells(30, 10 * US);
        spells.begin(now);
        assertThat(spells.keepPolling(now + US)).isTrue();
    }

    @Test
    void shouldForgetOneLongPauseAfterAFewShortSpells()
    {
        spells(30, 10 * US);
        spells(1, 60_000_000 * US);
        spells(15, 10 * US);

        spells.begin(now);
        assertThat(spells.keepPolling(now + US)).isTrue();
    }

    @Test
    void shouldCountASpellFromItsFirstIdleRoundOnly()
    {
        spells(30, 10 * US);
        spells.begin(now);
        spells.begin(now + 90 * US);
        assertThat(spells.keepPolling(now + 110 * US)).isFalse();
    }

    private void spells(final int count, final long length)
    {
        for (int i = 0; i < count; i++)
        {
            spells.begin(now);
            now += length;
            spells.end(now);
            now += US;
        }
    }
}
