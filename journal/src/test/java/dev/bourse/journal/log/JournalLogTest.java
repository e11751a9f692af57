package dev.bourse.journal.log;

import dev.bourse.journal.CorruptLogException;
import dev.bourse.journal.JournalException;
import dev.bourse.journal.JournalRepair;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalLogTest
{
    private static final UUID EPOCH = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    private static final long SEGMENT_BYTES = 4096;

    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryRecordInOrderAcrossSegments()
    {
        write(1, 500);

        final List<String> read = readAll(1);

        assertThat(JournalReader.segments(dir)).hasSizeGreaterThan(3);
        assertThat(read).hasSize(500).first().isEqualTo("1@1001:command-1");
        assertThat(read).last().isEqualTo("500@1500:command-500");
        final JournalReader.Result result = JournalReader.read(dir, 1, (s, t, p) -> { });
        assertThat(result.epoch()).isEqualTo(EPOCH);
        assertThat(result.lastSequence()).isEqualTo(500);
        assertThat(result.tornBytes()).isZero();
    }

    @Test
    void shouldContinueTheLogAfterReopening()
    {
        write(1, 120);
        write(121, 80);

        assertThat(readAll(1)).hasSize(200).last().isEqualTo("200@1200:command-200");
    }

    @Test
    void shouldSkipRecordsBeforeTheRequestedSequence()
    {
        write(1, 300);

        assertThat(readAll(251)).hasSize(50).first().isEqualTo("251@1251:command-251");
    }

    @Test
    void shouldReadARangeFromTheSegmentHoldingItsStartAndNothingAfterItsEnd() throws IOException
    {
        write(1, 500);
        final List<Path> segments = JournalReader.segments(dir);
        // Damage in the first segment and a half-written record at the end: a range of neither reads them.
        flipByte(segments.get(0), LogFormat.HEADER_LENGTH + LogFormat.RECORD_HEADER_LENGTH);
        final long from = LogFormat.firstSequenceOf(segments.get(1)) + 3;
        Files.write(lastSegment(), new byte[] {0, 0, 1}, StandardOpenOption.APPEND);

        final List<String> read = readRange(from, 500);

        assertThat(read).hasSize((int)(500 - from + 1)).first()
            .isEqualTo(from + "@" + (1000 + from) + ":command-" + from);
        assertThat(read).last().isEqualTo("500@1500:command-500");
        assertThat(readRange(from, from - 1)).as("an empty range").isEmpty();
    }

    @Test
    void shouldRefuseARangeTheLogDoesNotHoldOrThatIsDamaged() throws IOException
    {
        write(1, 500);
        final List<Path> segments = JournalReader.segments(dir);
        final Path second = segments.get(1);
        final long secondFirst = LogFormat.firstSequenceOf(second);

        assertThatThrownBy(() -> readRange(400, 501)).isExactlyInstanceOf(JournalException.class)
            .hasMessage("log ends before sequence 501: directory=" + dir + ", lastSequence=500");
        final long offset = recordOffset(second, 1);
        flipByte(second, offset + LogFormat.RECORD_HEADER_LENGTH);
        assertThatThrownBy(() -> readRange(secondFirst, 500)).isInstanceOf(CorruptLogException.class)
            .hasMessage("bad record: file=" + second + ", offset=" + offset + ", expectedSequence="
                + (secondFirst + 1));
        Files.delete(segments.get(0));
        assertThatThrownBy(() -> readRange(secondFirst - 1, 500)).isExactlyInstanceOf(JournalException.class)
            .hasMessage("log does not reach back to sequence " + (secondFirst - 1) + ": directory=" + dir);
    }

    @Test
    void shouldCheckTheCrcOfTheRangeOnlyNotOfTheRecordsBeforeItInItsFirstSegment() throws IOException
    {
        write(1, 500);
        final Path second = JournalReader.segments(dir).get(1);
        final long secondFirst = LogFormat.firstSequenceOf(second);
        final long from = secondFirst + 3;
        final long to = secondFirst + 13;
        // Damage a catch-up must not pay to find: the log's records were all checked when it was opened.
        flipByte(second, recordOffset(second, 1) + LogFormat.RECORD_HEADER_LENGTH);

        assertThat(readRange(from, to)).hasSize(11)
            .startsWith(from + "@" + (1000 + from) + ":command-" + from)
            .endsWith(to + "@" + (1000 + to) + ":command-" + to);

        final long inRange = recordOffset(second, 5);
        flipByte(second, inRange + LogFormat.RECORD_HEADER_LENGTH);
        assertThatThrownBy(() -> readRange(from, to))
            .hasMessage("bad record: file=" + second + ", offset=" + inRange + ", expectedSequence="
                + (secondFirst + 5))
            .asInstanceOf(InstanceOfAssertFactories.type(CorruptLogException.class))
            .extracting(CorruptLogException::file, CorruptLogException::offset, CorruptLogException::lastGoodSequence,
                CorruptLogException::epoch)
            .containsExactly(second, inRange, secondFirst + 4, EPOCH);
    }

    @ParameterizedTest
    @ValueSource(ints = {LogFormat.LENGTH_OFFSET, LogFormat.SEQUENCE_OFFSET + Long.BYTES - 1})
    void shouldStillFollowTheLengthsAndSequencesOfTheRecordsBeforeARange(final int damagedByte) throws IOException
    {
        write(1, 500);
        final Path second = JournalReader.segments(dir).get(1);
        final long secondFirst = LogFormat.firstSequenceOf(second);
        final long offset = recordOffset(second, 2);
        flipByte(second, offset + damagedByte);

        assertThatThrownBy(() -> readRange(secondFirst + 3, secondFirst + 13))
            .isInstanceOf(CorruptLogException.class)
            .hasMessage("bad record: file=" + second + ", offset=" + offset + ", expectedSequence="
                + (secondFirst + 2));
    }

    @Test
    void shouldStartWhereTheOldestRemainingSegmentStartsOncePruned() throws IOException
    {
        write(1, 500);
        final Path oldest = JournalReader.segments(dir).get(0);
        final long secondFirst = LogFormat.firstSequenceOf(JournalReader.segments(dir).get(1));
        Files.delete(oldest);

        final List<String> read = readAll(1);

        assertThat(read).first().isEqualTo(secondFirst + "@" + (1000 + secondFirst) + ":command-" + secondFirst);
        assertThat(JournalReader.read(dir, 1, (s, t, p) -> { }).firstSequence()).isEqualTo(secondFirst);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 10, 24, 30})
    void shouldCutATornTailAndAppendAfterIt(final int bytesCut) throws IOException
    {
        write(1, 50);
        final Path last = lastSegment();
        truncateBy(last, bytesCut);

        final JournalReader.Result result = JournalReader.read(dir, 1, (s, t, p) -> { });
        assertThat(result.lastSequence()).isEqualTo(49);
        assertThat(result.tornBytes()).isPositive();

        JournalReader.cutTornTail(result);
        write(50, 1);

        assertThat(readAll(1)).hasSize(50).last().isEqualTo("50@1050:command-50");
        assertThat(JournalReader.read(dir, 1, (s, t, p) -> { }).tornBytes()).isZero();
    }

    @Test
    void shouldTreatAGarbledLastRecordAsTorn() throws IOException
    {
        write(1, 20);
        final Path last = lastSegment();
        flipByte(last, Files.size(last) - 2);

        final JournalReader.Result result = JournalReader.read(dir, 1, (s, t, p) -> { });

        assertThat(result.lastSequence()).isEqualTo(19);
        assertThat(result.tornBytes()).isEqualTo(LogFormat.RECORD_HEADER_LENGTH + "command-20".length());
    }

    @Test
    void shouldDropALastSegmentWhoseHeaderWasNeverCompleted() throws IOException
    {
        write(1, 10);
        final Path partial = dir.resolve(LogFormat.segmentName(11));
        Files.write(partial, new byte[] {'B', 'O', 'U'});

        final JournalReader.Result result = JournalReader.read(dir, 1, (s, t, p) -> { });
        assertThat(result.lastSequence()).isEqualTo(10);
        JournalReader.cutTornTail(result);

        assertThat(partial).doesNotExist();
        write(11, 1);
        assertThat(readAll(1)).hasSize(11);
    }

    @Test
    void shouldStopWithFileAndOffsetOnACorruptedRecordInsideTheLastSegment() throws IOException
    {
        write(1, 20);
        final Path last = lastSegment();
        final long offset = recordOffset(last, 2);
        flipByte(last, offset + LogFormat.RECORD_HEADER_LENGTH + 1);

        assertStopsAt(last, offset);
    }

    @Test
    void shouldStopOnADamagedLengthInsideTheLastSegmentInsteadOfCuttingTheRestAsTorn() throws IOException
    {
        write(1, 20);
        final Path last = lastSegment();
        final long offset = recordOffset(last, 10);
        // The length is outside the CRC: flipped, it points into the middle of a later record.
        flipByte(last, offset + LogFormat.LENGTH_OFFSET + 3);

        assertStopsAt(last, offset);
    }

    @Test
    void shouldStopOnAZeroedStretchOverSeveralRecordsInsideTheLastSegment() throws IOException
    {
        write(1, 20);
        final Path last = lastSegment();
        final long offset = recordOffset(last, 5);
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate((int)(recordOffset(last, 8) - offset)), offset);
        }

        assertStopsAt(last, offset);
    }

    // Start-up stops on damage inside the log and says where, rather than cutting from there as a torn tail.
    private void assertStopsAt(final Path segment, final long offset)
    {
        assertThatThrownBy(() -> JournalReader.read(dir, 1, (s, t, p) -> { }))
            .isInstanceOf(CorruptLogException.class)
            .hasMessageContaining("file=" + segment)
            .hasMessageContaining("offset=" + offset);
    }

    @Test
    void shouldStopOnACorruptedRecordInAnEarlierSegment() throws IOException
    {
        write(1, 500);
        final Path first = JournalReader.segments(dir).get(0);
        flipByte(first, LogFormat.HEADER_LENGTH + LogFormat.RECORD_HEADER_LENGTH);

        assertThatThrownBy(() -> JournalReader.read(dir, 1, (s, t, p) -> { }))
            .isInstanceOf(JournalException.class)
            .hasMessageContaining("file=" + first)
            .hasMessageContaining("offset=" + LogFormat.HEADER_LENGTH);
    }

    @Test
    void shouldStopAtASegmentOfAnotherEpochAsDamageThatACutThereMends()
    {
        write(1, 10);
        final UUID other = UUID.randomUUID();
        try (JournalWriter writer = new JournalWriter(dir, other, 10, null, SEGMENT_BYTES))
        {
            append(writer, 11);
        }
        final Path foreign = lastSegment();

        assertStopsAtSegment(foreign, 10,
            "segment from another epoch: file=" + foreign + ", offset=0, epoch=" + other + ", expected=" + EPOCH);
    }

    @Test
    void shouldStopAtADamagedSegmentHeaderAsDamageThatACutThereMends() throws IOException
    {
        write(1, 500);
        final Path second = JournalReader.segments(dir).get(1);
        final long secondFirst = LogFormat.firstSequenceOf(second);
        flipByte(second, LogFormat.FIRST_SEQUENCE_OFFSET + 3);

        assertStopsAtSegment(second, secondFirst - 1, "bad segment header crc: file=" + second + ", offset=0");
    }

    @Test
    void shouldDropALastSegmentWhoseHeaderNeverReachedTheDisk() throws IOException
    {
        write(1, 10);
        final Path zeros = dir.resolve(LogFormat.segmentName(11));
        Files.write(zeros, new byte[LogFormat.HEADER_LENGTH]);

        final JournalReader.Result result = JournalReader.read(dir, 1, (s, t, p) -> { });
        assertThat(result.lastSequence()).isEqualTo(10);
        assertThat(result.tornFile()).isEqualTo(zeros);
        assertThat(result.tornOffset()).isZero();
        JournalReader.cutTornTail(result);

        assertThat(zeros).doesNotExist();
        write(11, 1);
        assertThat(readAll(1)).hasSize(11);
    }

    @Test
    void shouldStopAtADamagedHeaderOfALastSegmentThatHasRecordsAfterIt() throws IOException
    {
        write(1, 500);
        final Path last = lastSegment();
        final long lastFirst = LogFormat.firstSequenceOf(last);
        flipByte(last, LogFormat.FIRST_SEQUENCE_OFFSET + 3);

        assertStopsAtSegment(last, lastFirst - 1, "bad segment header crc: file=" + last + ", offset=0");
    }

    @Test
    void shouldStopAtASegmentShorterThanItsHeaderBeforeTheLast() throws IOException
    {
        write(1, 10);
        final Path cut = dir.resolve(LogFormat.segmentName(11));
        Files.write(cut, new byte[] {'B', 'O', 'U'});
        Files.write(dir.resolve(LogFormat.segmentName(12)), new byte[LogFormat.HEADER_LENGTH]);

        assertStopsAtSegment(cut, 10, "segment shorter than its header: file=" + cut + ", offset=0, bytes=3");
    }

    @Test
    void shouldRefuseASegmentOfAnotherFormatVersionWithoutCallingItDamageOrCuttingIt() throws IOException
    {
        write(1, 10);
        final Path segment = lastSegment();
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        bytes.putInt(LogFormat.VERSION_OFFSET, LogFormat.VERSION + 1);
        bytes.putInt(LogFormat.HEADER_CRC_OFFSET, LogFormat.crc(bytes, 0, LogFormat.HEADER_CRC_OFFSET));
        Files.write(segment, bytes.array());

        assertThatThrownBy(() -> JournalReader.read(dir, 1, (s, t, p) -> { }))
            .isExactlyInstanceOf(JournalException.class)
            .hasMessage("unknown log format: file=" + segment + ", version=" + (LogFormat.VERSION + 1));
        assertThatThrownBy(() -> JournalRepair.inspect(dir)).isExactlyInstanceOf(JournalException.class)
            .hasMessage("cannot repair by cutting the log: unknown log format: file=" + segment + ", version="
                + (LogFormat.VERSION + 1));
    }

    @Test
    void shouldRefuseAnOutOfSequenceAppend()
    {
        try (JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, SEGMENT_BYTES))
        {
            assertThatThrownBy(() -> writer.append(2, 0, ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected=1");
        }
    }

    @Test
    void shouldCutTheLastBatchBackWrittenOrNotAndContinueFromTheCut()
    {
        try (JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, SEGMENT_BYTES))
        {
            append(writer, 1);
            append(writer, 2);
            writer.write();
            append(writer, 3);
            append(writer, 4);
            append(writer, 5);
            writer.write();
            writer.cutBack(3);
            append(writer, 4);
            writer.cutBack(3);
            assertThatThrownBy(() -> writer.cutBack(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("can only cut within the last batch: from=4, to=3, lastKept=2");
            writer.append(4, 2004, ByteBuffer.wrap("again-4".getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(readWhole()).containsExactly(
            "1@1001:command-1", "2@1002:command-2", "3@1003:command-3", "4@2004:again-4");
    }

    @Test
    void shouldCutABatchOfMoreRecordsThanItFirstMadeRoomFor()
    {
        try (JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, 1 << 20))
        {
            for (long sequence = 1; sequence <= 1_100; sequence++)
            {
                append(writer, sequence);
            }
            writer.write();
            writer.cutBack(1_050);
        }

        assertThat(readWhole()).hasSize(1_050).last().isEqualTo("1050@2050:command-1050");
    }

    @Test
    void shouldCutABatchThatStartedANewSegmentBackToItsHeader()
    {
        final long full;
        try (JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, SEGMENT_BYTES))
        {
            full = fillFirstSegment(writer);
            append(writer, full + 1);
            append(writer, full + 2);
            writer.write();
            assertThat(JournalReader.segments(dir)).hasSize(2);
            writer.cutBack(full);
            assertThat(sizeOf(lastSegment())).isEqualTo(LogFormat.HEADER_LENGTH);
            writer.append(full + 1, 5000, ByteBuffer.wrap("again".getBytes(StandardCharsets.UTF_8)));
            writer.write();
        }

        assertThat(readWhole()).hasSize((int)full + 1).last().isEqualTo((full + 1) + "@5000:again");
        assertThat(JournalReader.segments(dir)).hasSize(2);
    }

    @Test
    void shouldStayOnTheFullSegmentWhenTheNextCannotBeMadeAndLeaveNoHalfMadeFile()
    {
        final FailingDisk disk = new FailingDisk();
        final long full;
        try (JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, SEGMENT_BYTES, disk.opener()))
        {
            full = fillFirstSegment(writer);
            append(writer, full + 1);
            // The full segment's fsync succeeds, the new segment's header fsync fails.
            disk.failForceAfter(1);
            assertThatThrownBy(writer::write).isInstanceOf(JournalException.class)
                .hasMessageStartingWith("cannot write log");
            assertThat(JournalReader.segments(dir)).hasSize(1);
            writer.cutBack(full);
            append(writer, full + 1);
            writer.write();
        }

        assertThat(readWhole()).hasSize((int)full + 1).last().isEqualTo((full + 1) + "@" + (1001 + full) + ":command-"
            + (full + 1));
        assertThat(JournalReader.segments(dir)).hasSize(2);
    }

    @Test
    void shouldNeverWriteTheBytesOfAWriteThatStoppedPartWayTwice()
    {
        final FailingDisk disk = new FailingDisk();
        try (JournalWriter writer = new JournalWriter(dir, EPOCH, 0, null, SEGMENT_BYTES, disk.opener()))
        {
            append(writer, 1);
            writer.write();
            append(writer, 2);
            disk.fillUpAfter(10);
            assertThatThrownBy(writer::write).isInstanceOf(JournalException.class);
            assertThatThrownBy(writer::write).isInstanceOf(IllegalStateException.class)
                .hasMessage("a write failed part way: cut the batch back before writing again");
            disk.fillUpAfter(Long.MAX_VALUE);
        }

        // Closed without a cut: the part of record 2 that reached the file is a torn tail, never written twice.
        final JournalReader.Result result = JournalReader.read(dir, 1, (s, t, p) -> { });
        assertThat(result.lastSequence()).isEqualTo(1);
        assertThat(result.tornBytes()).isEqualTo(10);
    }

    // Appends one-record batches until the first segment is full; returns the last sequence in it.
    private long fillFirstSegment(final JournalWriter writer)
    {
        long sequence = 0;
        while (sizeOf(lastSegment()) < SEGMENT_BYTES)
        {
            append(writer, ++sequence);
            writer.write();
        }
        return sequence;
    }

    private static long sizeOf(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    // Reading stops at the segment's first byte, as damage that a cut there mends, keeping the log before it.
    private void assertStopsAtSegment(final Path segment, final long lastGoodSequence, final String message)
    {
        assertThatThrownBy(() -> JournalReader.read(dir, 1, (s, t, p) -> { }))
            .hasMessage(message)
            .asInstanceOf(InstanceOfAssertFactories.type(CorruptLogException.class))
            .extracting(CorruptLogException::file, CorruptLogException::offset, CorruptLogException::lastGoodSequence,
                CorruptLogException::epoch)
            .containsExactly(segment, 0L, lastGoodSequence, EPOCH);
    }

    private void write(final long from, final int count)
    {
        final JournalReader.Result existing = JournalReader.read(dir, Long.MAX_VALUE, (s, t, p) -> { });
        try (JournalWriter writer = new JournalWriter(
            dir, EPOCH, existing.lastSequence(), existing.lastSegment(), SEGMENT_BYTES))
        {
            for (long sequence = from; sequence < from + count; sequence++)
            {
                append(writer, sequence);
                if (sequence % 7 == 0)
                {
                    writer.write();
                    writer.force();
                }
            }
        }
    }

    private static void append(final JournalWriter writer, final long sequence)
    {
        writer.append(sequence, 1000 + sequence,
            ByteBuffer.wrap(("command-" + sequence).getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> readAll(final long from)
    {
        final List<String> records = new ArrayList<>();
        JournalReader.read(dir, from, (sequence, timestamp, payload) ->
            records.add(sequence + "@" + timestamp + ":" + StandardCharsets.UTF_8.decode(payload)));
        return records;
    }

    private List<String> readRange(final long from, final long to)
    {
        final List<String> records = new ArrayList<>();
        JournalReader.readRange(dir, EPOCH, from, to, (sequence, timestamp, payload) ->
            records.add(sequence + "@" + timestamp + ":" + StandardCharsets.UTF_8.decode(payload)));
        return records;
    }

    // Every record from the first, with no torn bytes after them: a cut that only moved the write position would leave
    // the old records' bytes behind as a torn tail.
    private List<String> readWhole()
    {
        assertThat(JournalReader.read(dir, 1, (s, t, p) -> { }).tornBytes()).isZero();
        return readAll(1);
    }

    private Path lastSegment()
    {
        final List<Path> segments = JournalReader.segments(dir);
        return segments.get(segments.size() - 1);
    }

    // The offset of the n-th record (0-based) of a segment.
    private static long recordOffset(final Path segment, final int n) throws IOException
    {
        final ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(segment));
        int offset = LogFormat.HEADER_LENGTH;
        for (int i = 0; i < n; i++)
        {
            offset += LogFormat.RECORD_HEADER_LENGTH + data.getInt(offset);
        }
        return offset;
    }

    private static void truncateBy(final Path file, final int bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(channel.size() - bytes);
        }
    }

    private static void flipByte(final Path file, final long position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[(int)position] ^= 0x5A;
        Files.write(file, bytes);
    }
}
