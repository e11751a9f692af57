package dev.bourse.engine;

import dev.bourse.engine.account.ApiKey;
import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import dev.bourse.engine.command.CreateAsset;
import dev.bourse.engine.command.CreateInstrument;
import dev.bourse.engine.command.IssueApiKey;
import dev.bourse.engine.command.RejectReason;
import dev.bourse.engine.command.RevokeApiKey;
import dev.bourse.engine.event.EngineEvent.ApiKeyIssued;
import dev.bourse.engine.event.EngineEvent.ApiKeyRevoked;
import dev.bourse.engine.event.EngineEvent.AssetCreated;
import dev.bourse.engine.event.EngineEvent.CommandResult;
import dev.bourse.engine.event.EngineEvent.CommandStarted;
import dev.bourse.engine.event.EngineEvent.InstrumentCreated;
import dev.bourse.engine.instrument.FeeAsset;
import dev.bourse.engine.instrument.InstrumentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static dev.bourse.engine.EngineFixture.ALICE;
import static dev.bourse.engine.EngineFixture.BOB;
import static dev.bourse.engine.EngineFixture.NGN;
import static dev.bourse.engine.EngineFixture.USD;
import static dev.bourse.engine.EngineFixture.usdNgn;
import static org.assertj.core.api.Assertions.assertThat;

class AdminCommandsTest
{
    private static final Sha256 SECRET = Sha256.of("secret");
    private static final Set<Permission> TRADING = Set.of(Permission.ORDERS_CREATE, Permission.ORDERS_EXECUTE);

    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void engineStaysConsistent()
    {
        fx.assertConsistent();
    }

    @Test
    void shouldIssueApiKeyWithCommandSequenceAsId()
    {
        final long keyId = fx.apply(new IssueApiKey(ALICE, SECRET, TRADING));

        fx.assertAccepted();
        assertThat(fx.only(ApiKeyIssued.class)).isEqualTo(new ApiKeyIssued(keyId, ALICE, SECRET, TRADING));
        assertThat(fx.engine.apiKey(SECRET)).isEqualTo(new ApiKey(keyId, ALICE, SECRET, TRADING, false));
        assertThat(fx.engine.apiKey(Sha256.of("other"))).isNull();
    }

    @Test
    void shouldRejectDuplicateKeyHashEvenForAnotherAccount()
    {
        final long keyId = fx.apply(new IssueApiKey(ALICE, SECRET, TRADING));

        fx.apply(new IssueApiKey(BOB, SECRET, Set.of(Permission.EXCHANGE_READ)));

        fx.assertRejected(RejectReason.API_KEY_EXISTS);
        assertThat(fx.engine.apiKey(SECRET).keyId()).isEqualTo(keyId);
        assertThat(fx.engine.apiKey(SECRET).accountId()).isEqualTo(ALICE);
    }

    @Test
    void shouldRejectApiKeyForUnknownAccount()
    {
        fx.apply(new IssueApiKey(99, SECRET, TRADING));

        fx.assertRejected(RejectReason.UNKNOWN_ACCOUNT);
        assertThat(fx.engine.apiKey(SECRET)).isNull();
    }

    @Test
    void shouldRevokeApiKey()
    {
        final long keyId = fx.apply(new IssueApiKey(ALICE, SECRET, TRADING));

        fx.apply(new RevokeApiKey(keyId));

        fx.assertAccepted();
        assertThat(fx.only(ApiKeyRevoked.class)).isEqualTo(new ApiKeyRevoked(keyId, ALICE));
        assertThat(fx.engine.apiKey(SECRET).revoked()).isTrue();
    }

    @Test
    void shouldRejectRevokingTwice()
    {
        final long keyId = fx.apply(new IssueApiKey(ALICE, SECRET, TRADING));
        fx.apply(new RevokeApiKey(keyId));

        fx.apply(new RevokeApiKey(keyId));

        fx.assertRejected(RejectReason.UNKNOWN_API_KEY);
        assertThat(fx.events()).hasExactlyElementsOfTypes(CommandStarted.class, CommandResult.class);
    }

    @Test
    void shouldRejectRevokingUnknownKey()
    {
        fx.apply(new RevokeApiKey(12_345));

        fx.assertRejected(RejectReason.UNKNOWN_API_KEY);
    }

    @Test
    void shouldKeepRevokedKeyHashReserved()
    {
        final long keyId = fx.apply(new IssueApiKey(ALICE, SECRET, TRADING));
        fx.apply(new RevokeApiKey(keyId));

        fx.apply(new IssueApiKey(ALICE, SECRET, TRADING));

        fx.assertRejected(RejectReason.API_KEY_EXISTS);
        assertThat(fx.engine.apiKey(SECRET).revoked()).isTrue();
    }

    @Test
    void shouldCreateAssetWithNextId()
    {
        fx.apply(new CreateAsset("EUR", 2));

        fx.assertAccepted();
        assertThat(fx.only(AssetCreated.class)).isEqualTo(new AssetCreated(2, "EUR", 2));
    }

    @Test
    void shouldRejectInvalidOrDuplicateAsset()
    {
        fx.apply(new CreateAsset("eur", 4));
        fx.assertRejected(RejectReason.INVALID_ASSET);
        fx.apply(new CreateAsset("EUR", 19));
        fx.assertRejected(RejectReason.INVALID_ASSET);
        fx.apply(new CreateAsset("EUR", -1));
        fx.assertRejected(RejectReason.INVALID_ASSET);
        fx.apply(new CreateAsset(USD, 4));
        fx.assertRejected(RejectReason.ASSET_EXISTS);

        assertThat(fx.engine.assets()).hasSize(2);
    }

    @Test
    void shouldCreateInstrumentWithNextId()
    {
        fx.apply(new CreateAsset("EUR", 4));

        final CreateInstrument spec = usdNgn().pair("EUR", NGN).build();
        fx.apply(spec);

        fx.assertAccepted();
        assertThat(fx.only(InstrumentCreated.class)).isEqualTo(new InstrumentCreated(1, "EUR/NGN", 2, 1, spec));
        assertThat(fx.engine.instrumentStatus("EUR/NGN")).isEqualTo(InstrumentStatus.TRADING);
    }

    @Test
    void shouldRejectInstrumentWhoseQuoteScaleCannotHoldNotional()
    {
        // NGN has 4 decimals; 3 price decimals x 2 quantity decimals would need 5.
        fx.apply(new CreateAsset("EUR", 4));

        fx.apply(usdNgn().pair("EUR", NGN).scales(3, 2).build());

        fx.assertRejected(RejectReason.INVALID_INSTRUMENT);
        assertThat(fx.engine.instrumentStatus("EUR/NGN")).isNull();
    }

    @Test
    void shouldRejectInstrumentWhoseBaseScaleCannotHoldQuantity()
    {
        fx.apply(new CreateAsset("EUR", 1));

        fx.apply(usdNgn().pair("EUR", NGN).scales(2, 2).build());

        fx.assertRejected(RejectReason.INVALID_INSTRUMENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inconsistentListings")
    void shouldRejectInconsistentInstrument(final String why, final CreateInstrument listing)
    {
        fx.apply(new CreateAsset("EUR", 4));

        fx.apply(listing);

        fx.assertRejected(RejectReason.INVALID_INSTRUMENT);
        assertThat(fx.events(InstrumentCreated.class)).isEmpty();
    }

    static Stream<Arguments> inconsistentListings()
    {
        return Stream.of(
            args("same base and quote", usdNgn().pair(NGN, NGN)),
            args("tick size 0", usdNgn().pair("EUR", NGN).tickSize(0)),
            args("lot size 0", usdNgn().pair("EUR", NGN).lotSize(0).quantityRange(0, 10)),
            args("min quantity below lot", usdNgn().pair("EUR", NGN).lotSize(10).quantityRange(5, 100)),
            args("max below min quantity", usdNgn().pair("EUR", NGN).quantityRange(10, 5)),
            args("negative min notional", usdNgn().pair("EUR", NGN).minNotional(-1)),
            args("price band 0", usdNgn().pair("EUR", NGN).priceBandBps(0)),
            args("fee above 1000 bps", usdNgn().pair("EUR", NGN).fees(1001, 0, FeeAsset.RECEIVED)),
            args("reference off tick", usdNgn().pair("EUR", NGN).tickSize(5).referencePrice(1650_01)));
    }

    @Test
    void shouldRejectInstrumentWithUnknownAsset()
    {
        fx.apply(usdNgn().pair("XAU", NGN).build());
        fx.assertRejected(RejectReason.UNKNOWN_ASSET);

        fx.apply(usdNgn().pair(USD, "XAU").build());
        fx.assertRejected(RejectReason.UNKNOWN_ASSET);
    }

    @Test
    void shouldRejectDuplicateInstrument()
    {
        fx.apply(usdNgn().referencePrice(1700_00).build());

        fx.assertRejected(RejectReason.INSTRUMENT_EXISTS);
        // The listed instrument keeps its rules: 1815.00 is still inside its band.
        fx.buy(ALICE, 1815_00, 1_00);
        fx.assertAccepted();
    }

    private static Arguments args(
        final String why, final EngineFixture.Spec spec)
    {
        return Arguments.of(why, spec.build());
    }
}
