package dev.bourse.server.config;

import dev.bourse.engine.Engine;
import dev.bourse.engine.command.Command;
import dev.bourse.engine.command.CreateAccount;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.Deposit;
import dev.bourse.engine.event.EventRecorder;
import dev.bourse.engine.event.Outcome;
import dev.bourse.engine.instrument.Amounts;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import dev.bourse.engine.order.StpMode;
import dev.bourse.gateway.GatewayConfig;
import dev.bourse.gateway.limit.RateLimits;
import dev.bourse.journal.JournalConfig;
import dev.bourse.journal.SnapshotMode;
import dev.bourse.journal.sequencer.DurabilityPolicy;
import dev.bourse.journal.sequencer.SequencerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConfigLoaderTest
{
    private static final Path BASE = Path.of("/srv/bourse");
    private static final Path EXAMPLE = Path.of("../bourse.example.yaml");

    /** The smallest valid instrument, for cases about something else. */
    private static final String BTC_USD = """
          - symbol: BTC/USD
            price_scale: 2
            quantity_scale: 6
            max_quantity: "100"
        """;

    @Test
    void shouldUseDefaultsForAnEmptyFile()
    {
        final ServerConfig config = ConfigLoader.parse("", BASE);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.adminPort()).isZero();
        assertThat(config.dataDir()).isEqualTo(BASE.resolve("data"));
        assertThat(config.journal()).isEqualTo(JournalSettings.DEFAULT);
        assertThat(config.limits()).isEqualTo(RateLimits.DEFAULT);
        assertThat(config.slowConsumer()).isEqualTo(SlowConsumerSettings.DEFAULT);
        assertThat(config.simulator()).isEqualTo(SimulatorConfig.DEFAULT);
        assertThat(config.assets()).isEmpty();
        assertThat(config.instruments()).isEmpty();
        assertThat(config.journalConfig()).isEqualTo(JournalConfig.defaults(BASE.resolve("data")));
        assertThat(config.gatewayConfig()).isEqualTo(GatewayConfig.DEFAULT);
    }

    @Test
    void shouldTreatCommentsAndEmptySectionsAsDefaults()
    {
        final ServerConfig config = ConfigLoader.parse("# nothing yet\nserver:\njournal:\n  durability:\n", BASE);

        assertThat(config).isEqualTo(ConfigLoader.parse("", BASE));
    }

    @Test
    void shouldReadEveryKey()
    {
        final ServerConfig config = ConfigLoader.parse("""
            server:
              host: 0.0.0.0
              port: 9090
              admin_port: 9091
            data_dir: /var/lib/bourse
            journal:
              durability: write
              fsync_interval_ms: 25
              queue_capacity: 1024
              max_batch: 128
              segment_mb: 64
              snapshot_every_commands: 5000
              snapshot_interval_seconds: 60
              snapshots_kept: 3
              snapshot_mode: inline
            limits:
              messages_per_second: 50.5
              message_burst: 60
              commands_per_second: 20
              command_burst: 30
              cancels_per_second: 40
              cancel_burst: 50
              abuse_seconds: 9
            slow_consumer:
              max_pending_frames: 256
              timeout_ms: 1500
              socket_send_buffer_bytes: 65536
            simulator:
              enabled: true
              trades_per_second: 0.5
              levels: 10
              seed: 42
            assets:
              - code: USD
                scale: 10
            instruments:
              - symbol: BTC/USD
                price_scale: 2
                quantity_scale: 6
                tick_size: 0.05
                lot_size: "0.0001"
                min_quantity: "0.001"
                max_quantity: 50
                min_notional: "10.5"
                maker_fee_bps: 1
                taker_fee_bps: 3
                fee_asset: quote
                price_band_bps: 250
                reference_price: "65000.05"
            """, BASE);

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.adminPort()).isEqualTo(9091);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/bourse"));
        assertThat(config.journal())
            .isEqualTo(new JournalSettings(
                DurabilityPolicy.WRITE, 25, 1024, 128, 64, 5000, 60, 3, SnapshotMode.INLINE));
        assertThat(config.journalConfig()).isEqualTo(new JournalConfig(
            Path.of("/var/lib/bourse"), new SequencerConfig(DurabilityPolicy.WRITE, 25, 1024, 128), 64L << 20, 5000,
            60_000, 3, SnapshotMode.INLINE));
        assertThat(config.limits()).isEqualTo(new RateLimits(50.5, 60, 20, 30, 40, 50, 9));
        assertThat(config.slowConsumer()).isEqualTo(new SlowConsumerSettings(256, 1500, 65536));
        assertThat(config.gatewayConfig()).isEqualTo(new GatewayConfig(
            "0.0.0.0", 9090, 256, 1500, new RateLimits(50.5, 60, 20, 30, 40, 50, 9), 65536));
        assertThat(config.simulator()).isEqualTo(new SimulatorConfig(true, 0.5, 10, 42));
        assertThat(config.assets()).containsExactly(new AssetSpec("USD", 10), new AssetSpec("BTC", 6));
        assertThat(config.instruments()).containsExactly(new InstrumentSpec(
            "BTC/USD", 2, 6, new BigDecimal("0.05"), new BigDecimal("0.0001"), new BigDecimal("0.001"),
            new BigDecimal("50"), new BigDecimal("10.5"), 1, 3, FeeAsset.QUOTE, 250, new BigDecimal("65000.05")));
    }

    @Test
    void shouldLoadTheExampleFileWithEverySettingAtItsDefault() throws IOException
    {
        final ServerConfig config = ConfigLoader.load(EXAMPLE);
        final ServerConfig defaults = ConfigLoader.parse("", EXAMPLE.toAbsolutePath().getParent());

        assertThat(config.dataDir()).isEqualTo(defaults.dataDir());
        assertThat(config.instruments()).extracting(InstrumentSpec::symbol).containsExactly("BTC/USD");
        assertThat(config.assets()).containsExactly(new AssetSpec("USD", 8), new AssetSpec("BTC", 8));
        assertThat(new ServerConfig(
            config.host(), config.port(), config.adminPort(), config.dataDir(), config.journal(), config.limits(),
            config.slowConsumer(), config.simulator(), List.of(), List.of())).isEqualTo(defaults);
        assertThat(Files.readString(EXAMPLE)).contains("socket_send_buffer_bytes", "reference_price", "seed");
    }

    @Test
    void shouldLoadTheDemoVenue()
    {
        final ServerConfig demo = ConfigLoader.demo();

        assertThat(demo.dataDir()).isEqualTo(Path.of("demo-data").toAbsolutePath());
        assertThat(demo.simulator().enabled()).isTrue();
        assertThat(demo.journal().durability()).isEqualTo(DurabilityPolicy.WRITE);
        assertThat(demo.instruments()).extracting(InstrumentSpec::symbol)
            .containsExactly("USD/NGN", "BTC/USD", "ETH/USD", "EUR/USD", "GBP/USD");
    }

    @Test
    void shouldListTheDemoVenueInTheEngineAndFundATraderWithoutOverflow()
    {
        final ServerConfig demo = ConfigLoader.demo();
        final Map<String, Integer> scales = demo.assetScales();
        final EventRecorder events = new EventRecorder();
        final Engine engine = new Engine(events);
        final List<Command> commands = new ArrayList<>();
        demo.assets().forEach(asset -> commands.add(asset.toCommand()));
        demo.instruments().forEach(instrument -> commands.add(instrument.toCommand(scales)));
        commands.add(new CreateAccount(1, StpMode.EXPIRE_TAKER));
        commands.add(new Deposit(1, "USD", 1_000_000 * Amounts.pow10(scales.get("USD")), null));
        commands.add(new Deposit(1, "BTC", 10 * Amounts.pow10(scales.get("BTC")), null));

        long sequence = 1;
        for (final Command command : commands)
        {
            engine.apply(sequence, sequence, command);
            assertThat(events.lastResult().outcome()).as("%s", command).isEqualTo(Outcome.ACCEPTED);
            sequence++;
        }
        for (final InstrumentSpec instrument : demo.instruments())
        {
            final CreateInstrument spec = instrument.toCommand(scales);
            final long highestPrice = spec.referencePrice() * 2;
            final long notional = Amounts.multiply(
                Amounts.multiply(highestPrice, spec.maxQuantity()),
                Amounts.pow10(scales.get(spec.quote()) - spec.priceScale() - spec.quantityScale()));
            assertThat(notional).as(instrument.symbol()).isNotEqualTo(Amounts.OVERFLOW);
        }
    }

    @Test
    void shouldResolveARelativeDataDirAgainstTheFilesDirectory(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("bourse.yaml"), "data_dir: ./journal/../state\n");

        assertThat(ConfigLoader.load(file).dataDir()).isEqualTo(dir.toAbsolutePath().resolve("state"));
        assertThat(ConfigLoader.parse("data_dir: /abs/data", BASE).dataDir()).isEqualTo(Path.of("/abs/data"));
    }

    @Test
    void shouldFailOnAMissingFile(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing))
            .isInstanceOf(ConfigException.class)
            .hasMessage("config file not found: " + missing);
    }

    @Test
    void shouldDeriveTheSmallestValidScaleOfUnlistedAssets()
    {
        final ServerConfig config = ConfigLoader.parse("""
            assets:
              - code: ETH
                scale: 8
            instruments:
              - symbol: BTC/USD
                price_scale: 2
                quantity_scale: 6
                max_quantity: 100
              - symbol: ETH/USD
                price_scale: 2
                quantity_scale: 4
                max_quantity: 1000
              - symbol: ETH/BTC
                price_scale: 6
                quantity_scale: 4
                max_quantity: 1000
            """, BASE);

        assertThat(config.assets()).containsExactly(
            new AssetSpec("ETH", 8), new AssetSpec("BTC", 10), new AssetSpec("USD", 8));
    }

    @Test
    void shouldBuildTheEngineCommandInScaledUnits()
    {
        final ServerConfig config = ConfigLoader.load(EXAMPLE);
        final CreateInstrument command = config.instruments().get(0).toCommand(config.assetScales());

        assertThat(command).isEqualTo(new CreateInstrument(
            "BTC", "USD", 2, 6, 1, 1, 100, 100_000_000, 100_000_000, 10, 20, FeeAsset.RECEIVED, 1000, 6_500_000,
            InstrumentStatus.TRADING));
    }

    @Test
    void shouldDefaultTheOptionalInstrumentKeys()
    {
        final ServerConfig config = ConfigLoader.parse("instruments:\n" + BTC_USD, BASE);
        final CreateInstrument command = config.instruments().get(0).toCommand(config.assetScales());

        assertThat(command).isEqualTo(new CreateInstrument(
            "BTC", "USD", 2, 6, 1, 1, 1, 100_000_000, 0, 0, 0, FeeAsset.RECEIVED, 1000, 0, InstrumentStatus.TRADING));
    }

    @Test
    void shouldOverrideFromTheCommandLine(@TempDir final Path dir)
    {
        final ServerConfig config = ConfigLoader.parse("", BASE).withPort(0).withDataDir(dir).withSimulator(true);

        assertThat(config.port()).isZero();
        assertThat(config.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(config.journalConfig().directory()).isEqualTo(dir.toAbsolutePath());
        assertThat(config.simulator()).isEqualTo(SimulatorConfig.DEFAULT.withEnabled(true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void shouldNameTheKeyOfABadSetting(final String name, final String yaml, final String message)
    {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, BASE))
            .isInstanceOf(ConfigException.class)
            .hasMessage(message);
    }

    static Stream<Arguments> badSettings()
    {
        return Stream.of(
            arguments("unknown top-level key", "bogus: 1\n", "bogus: unknown key"),
            arguments("unknown nested key", "limits:\n  bogus: 1\n", "limits.bogus: unknown key"),
            arguments("unknown instrument key", "instruments:\n" + BTC_USD + "    tick: 1\n",
                "instruments[0].tick: unknown key"),
            arguments("top level not a mapping", "- a\n- b\n",
                "top level: must be a mapping of sections, got [\"a\",\"b\"]"),
            arguments("section not a mapping", "journal: 5\n", "journal: must be a mapping, got 5"),
            arguments("bad port", "server:\n  port: 70000\n", "server.port: must be between 0 and 65535, got 70000"),
            arguments("port not an integer", "server:\n  port: eighty\n",
                "server.port: must be an integer, got \"eighty\""),
            arguments("bad durability", "journal:\n  durability: sometimes\n",
                "journal.durability: must be one of fsync, write, none, got \"sometimes\""),
            arguments("segment a reader cannot map", "journal:\n  segment_mb: 2047\n",
                "journal.segment_mb: must be between 1 and 1024, got 2047"),
            arguments("bad snapshot mode", "journal:\n  snapshot_mode: paused\n",
                "journal.snapshot_mode: must be one of replica, inline, got \"paused\""),
            arguments("negative burst", "limits:\n  message_burst: -5\n",
                "limits.message_burst: must be at least 1, got -5"),
            arguments("burst beyond an int", "limits:\n  command_burst: 3000000000\n",
                "limits.command_burst: must be at most 2147483647, got 3000000000"),
            arguments("seed beyond a long", "simulator:\n  seed: -99999999999999999999\n",
                "simulator.seed: must be at least -9223372036854775808, got -99999999999999999999"),
            arguments("zero rate", "limits:\n  messages_per_second: 0\n",
                "limits.messages_per_second: must be above 0, got 0"),
            arguments("cancels below commands", "limits:\n  cancels_per_second: 50\n",
                "limits.cancels_per_second: must be at least commands_per_second 100, got 50"),
            arguments("not a boolean", "simulator:\n  enabled: \"yes\"\n",
                "simulator.enabled: must be true or false, got \"yes\""),
            arguments("too many levels", "simulator:\n  levels: 51\n",
                "simulator.levels: must be between 1 and 50, got 51"),
            arguments("scale not an integer", "instruments:\n  - symbol: BTC/USD\n    price_scale: two\n",
                "instruments[0].price_scale: must be an integer, got \"two\""),
            arguments("missing required key", "instruments:\n  - symbol: BTC/USD\n    price_scale: 2\n"
                + "    quantity_scale: 6\n", "instruments[0].max_quantity: is required"),
            arguments("bad symbol", "instruments:\n  - symbol: btc-usd\n",
                "instruments[0].symbol: must be BASE/QUOTE with asset codes of 1 to 16 characters A-Z and 0-9, "
                    + "got \"btc-usd\""),
            arguments("too many decimals", "instruments:\n" + BTC_USD + BTC_USD.replace("BTC/", "ETH/")
                + "    tick_size: 0.001\n", "instruments[1].tick_size: 0.001 has more than 2 decimals"),
            arguments("decimal with exponent", "instruments:\n" + BTC_USD + "    lot_size: \"1e-6\"\n",
                "instruments[0].lot_size: must be a decimal number such as \"0.01\", got \"1e-6\""),
            arguments("negative decimal", "instruments:\n" + BTC_USD + "    min_notional: \"-1\"\n",
                "instruments[0].min_notional: must not be negative, got -1"),
            arguments("zero tick", "instruments:\n" + BTC_USD + "    tick_size: 0\n",
                "instruments[0].tick_size: must be above 0, got 0"),
            arguments("min quantity off the lot", "instruments:\n" + BTC_USD
                + "    lot_size: \"0.001\"\n    min_quantity: \"0.0015\"\n",
                "instruments[0].min_quantity: 0.0015 is not a multiple of lot_size 0.001"),
            arguments("max below min", "instruments:\n" + BTC_USD.replace("\"100\"", "\"0.5\"")
                + "    min_quantity: \"1\"\n", "instruments[0].max_quantity: must be at least min_quantity 1, got 0.5"),
            arguments("fee too high", "instruments:\n" + BTC_USD + "    taker_fee_bps: 1001\n",
                "instruments[0].taker_fee_bps: must be between 0 and 1000, got 1001"),
            arguments("band zero", "instruments:\n" + BTC_USD + "    price_band_bps: 0\n",
                "instruments[0].price_band_bps: must be between 1 and 10000, got 0"),
            arguments("bad fee asset", "instruments:\n" + BTC_USD + "    fee_asset: base\n",
                "instruments[0].fee_asset: must be one of received, quote, got \"base\""),
            arguments("tick not dividing reference price", "instruments:\n" + BTC_USD
                + "    tick_size: \"0.05\"\n    reference_price: \"65000.01\"\n",
                "instruments[0].reference_price: 65000.01 is not a multiple of tick_size 0.05"),
            arguments("duplicate instrument", "instruments:\n" + BTC_USD + BTC_USD,
                "instruments[1].symbol: duplicate instrument BTC/USD"),
            arguments("scales above a long", "instruments:\n  - symbol: BTC/USD\n    price_scale: 10\n"
                + "    quantity_scale: 10\n", "instruments[0].quantity_scale: price_scale + quantity_scale must be at "
                + "most 18, got 20"),
            arguments("asset scale too small", "assets:\n  - code: USD\n    scale: 4\ninstruments:\n" + BTC_USD,
                "assets[0].scale: 4 is too small for BTC/USD, which needs at least 8 "
                    + "(price_scale 2 + quantity_scale 6)"),
            arguments("duplicate asset", "assets:\n  - code: USD\n    scale: 2\n  - code: USD\n    scale: 2\n",
                "assets[1].code: duplicate asset USD"),
            arguments("bad asset code", "assets:\n  - code: usd\n    scale: 2\n",
                "assets[0].code: must be 1 to 16 characters A-Z and 0-9, got \"usd\""),
            arguments("min notional finer than the quote asset", "instruments:\n" + BTC_USD
                + "    min_notional: \"0.000000001\"\n",
                "instruments[0].min_notional: 0.000000001 has more than 8 decimals"),
            arguments("invalid YAML", "server:\n  port: 1\n host: x\n",
                "invalid YAML at line 3, column 2: while parsing a block mapping; expected <block end>, but found "
                    + "'<block mapping start>'"),
            arguments("key given twice", "server:\n  port: 1\n  port: 2\n",
                "invalid YAML at line 3, column 7: Duplicate Object property \"port\""));
    }
}
