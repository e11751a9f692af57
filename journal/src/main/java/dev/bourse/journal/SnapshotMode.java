package dev.bourse.journal;

/** How periodic snapshots are taken: the trade between the pause they cause and the memory they need. */
public enum SnapshotMode
{
    /**
     * A second engine and derived state, kept on the snapshot writer's thread, replay the log up to each snapshot's
     * command and are serialized there: the live threads only make the log durable, whatever the size of the state.
     * Holds a second copy of the whole state in memory, loaded from the newest snapshot beside the live one when the
     * journal opens, and spends the CPU of replaying every command once more.
     */
    REPLICA,

    /**
     * The live engine is serialized on the sequencer thread and the derived state taken on the publisher thread:
     * no second copy, but acknowledgements wait for as long as that takes, which grows with the state.
     */
    INLINE
}
