package dev.bourse.gateway.protocol.stabyl;

import dev.bourse.engine.order.Side;
import dev.bourse.gateway.json.Decimals;
import dev.bourse.gateway.json.Json;
import dev.bourse.gateway.json.Timestamps;
import dev.bourse.gateway.market.CandleInterval;
import dev.bourse.gateway.market.CandleSeries;
import dev.bourse.gateway.market.Market;
import dev.bourse.gateway.stream.History;
import dev.bourse.gateway.stream.Topic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The public feeds of one market, fed from the publisher thread: {@code orderbook}, {@code trades}, {@code ticker} and
 * {@code candles.*} topics, with the recent trades and candles that REST serves. A trade goes out per fill. The
 * ticker and the candles go out at most once per command, as the whole command left them, so that a taker sweeping
 * many levels does not flood subscribers and the resume rings: the ticker after a command that traded or moved a
 * best price, every interval's open candle after a command that traded. A candle goes out once more, closed, at the
 * first command stamped after its interval, before the candle that command opens.
 */
final class MarketFeeds
{
    /** Trades kept for REST. */
    static final int TRADES_KEPT = 1000;
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    private static final CandleInterval[] INTERVALS = CandleInterval.values();

    final Market market;
    final BookTopic book;
    final Topic trades;
    final Topic ticker;
    final Topic[] candles = new Topic[INTERVALS.length];
    private final CandleSeries[] series = new CandleSeries[INTERVALS.length];
    final History recentTrades = new History(TRADES_KEPT);
    private final String epoch;
    private long lastPrice = -1;
    private long bestBid = -1;
    private long bestAsk = -1;
    // Per interval, the candle as this command's fills left it, or null: afterCommand publishes it.
    private final CandleSeries.Candle[] changedCandles = new CandleSeries.Candle[INTERVALS.length];
    private volatile byte[] lastTicker;

    MarketFeeds(final Market market, final String epoch, final int ringCapacity)
    {
        this.market = market;
        this.epoch = epoch;
        book = new BookTopic(market, ringCapacity);
        trades = new Topic("trades." + market.topicKey(), ringCapacity);
        ticker = new Topic("ticker." + market.topicKey(), ringCapacity);
        for (int i = 0; i < INTERVALS.length; i++)
        {
            candles[i] = new Topic("candles." + market.topicKey() + "." + INTERVALS[i].wireName(), ringCapacity);
            series[i] = new CandleSeries(INTERVALS[i]);
        }
        lastTicker = tickerJson(0);
    }

    /** The topic of a candle interval. */
    Topic candles(final CandleInterval interval)
    {
        return candles[interval.ordinal()];
    }

    /** The series of a candle interval. */
    CandleSeries series(final CandleInterval interval)
    {
        return series[interval.ordinal()];
    }

    /** The latest ticker data object, as JSON. */
    byte[] lastTicker()
    {
        return lastTicker;
    }

    void trade(final long timestamp, final long tradeId, final long price, final long quantity, final Side takerSide)
    {
        final byte[] json = Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("id", Long.toString(tradeId));
            g.writeStringProperty("pair_id", market.pairId());
            g.writeStringProperty("price", Decimals.format(price, market.priceScale()));
            g.writeStringProperty("quantity", Decimals.format(quantity, market.quantityScale()));
            g.writeStringProperty("side", CommandRequest.lower(takerSide));
            g.writeStringProperty("created_at", Timestamps.format(timestamp));
            g.writeEndObject();
        });
        trades.publish(seq -> StabylFrames.data(trades.name(), epoch, seq, timestamp, json));
        recentTrades.add(new History.Item(tradeId, market.pairId(), json));
        // Candles due close before a fill opens their successors, so a closed frame precedes the new candle's.
        closeCandles(timestamp);
        for (int i = 0; i < INTERVALS.length; i++)
        {
            changedCandles[i] = series[i].trade(timestamp, price, quantity);
        }
        lastPrice = price;
    }

    /** Publishes one command's level changes as one delta. */
    void bookChanged(final List<long[]> bidChanges, final List<long[]> askChanges,
        final long timestamp)
    {
        book.update(bidChanges, askChanges, epoch, timestamp);
    }

    /**
     * After a command that touched this market: the candles its trades changed, and the ticker if a trade or a best
     * price changed.
     */
    void afterCommand(final long timestamp)
    {
        // A trade changes the candle of every interval.
        final boolean traded = null != changedCandles[0];
        for (int i = 0; i < INTERVALS.length; i++)
        {
            if (null != changedCandles[i])
            {
                publishCandle(i, changedCandles[i], timestamp);
                changedCandles[i] = null;
            }
        }
        final long bid = book.best(true);
        final long ask = book.best(false);
        if (traded || bid != bestBid || ask != bestAsk)
        {
            bestBid = bid;
            bestAsk = ask;
            final byte[] json = tickerJson(timestamp);
            lastTicker = json;
            ticker.publish(seq -> StabylFrames.data(ticker.name(), epoch, seq, timestamp, json));
        }
    }

    /** Publishes every candle whose interval ended before {@code timestamp}, closed. */
    void closeCandles(final long timestamp)
    {
        for (int i = 0; i < INTERVALS.length; i++)
        {
            final CandleSeries.Candle done = series[i].closeIfDue(timestamp);
            if (null != done)
            {
                publishCandle(i, done, timestamp);
            }
        }
    }

    /** The earliest time an open candle of this market closes. */
    long nextCandleClose()
    {
        long next = Long.MAX_VALUE;
        for (final CandleSeries s : series)
        {
            next = Math.min(next, s.closesAt());
        }
        return next;
    }

    private void publishCandle(final int i, final CandleSeries.Candle candle, final long timestamp)
    {
        final byte[] json = candleJson(INTERVALS[i], candle);
        candles[i].publish(seq -> StabylFrames.data(candles[i].name(), epoch, seq, timestamp, json));
    }

    byte[] candleJson(final CandleInterval interval, final CandleSeries.Candle c)
    {
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("pair_id", market.pairId());
            g.writeStringProperty("interval", interval.wireName());
            g.writeStringProperty("open_time", Timestamps.format(c.openTime()));
            g.writeStringProperty("open", price(c.open()));
            g.writeStringProperty("high", price(c.high()));
            g.writeStringProperty("low", price(c.low()));
            g.writeStringProperty("close", price(c.close()));
            g.writeStringProperty("volume", Decimals.format(c.volume(), market.quantityScale()));
            g.writeBooleanProperty("closed", c.closed());
            g.writeEndObject();
        });
    }

    // The 24 h window is the last 1,440 one-minute candles, the open one included: minute resolution, as the
    // candles it is built from.
    private byte[] tickerJson(final long timestamp)
    {
        final CandleSeries.Window day =
            series(CandleInterval.M1).window(CandleInterval.M1.openTime(timestamp) - DAY + CandleInterval.M1.nanos());
        return Json.write(g ->
        {
            g.writeStartObject();
            g.writeStringProperty("pair_id", market.pairId());
            g.writeStringProperty("best_bid", -1 == bestBid ? null : price(bestBid));
            g.writeStringProperty("best_ask", -1 == bestAsk ? null : price(bestAsk));
            g.writeStringProperty("last_price", -1 == lastPrice ? null : price(lastPrice));
            g.writeStringProperty("open_24h", -1 == day.open() ? null : price(day.open()));
            g.writeStringProperty("high_24h", -1 == day.open() ? null : price(day.high()));
            g.writeStringProperty("low_24h", -1 == day.open() ? null : price(day.low()));
            g.writeStringProperty("volume_24h", Decimals.format(day.volume(), market.quantityScale()));
            g.writeStringProperty("quote_volume_24h", quoteAmount(day.quoteVolume()));
            g.writeEndObject();
        });
    }

    private String price(final long raw)
    {
        return Decimals.format(raw, market.priceScale());
    }

    // Price x quantity carries both scales; shown in the price's scale, rounded down.
    private String quoteAmount(final BigInteger raw)
    {
        final BigInteger scaled = raw.divide(BigInteger.TEN.pow(market.quantityScale()));
        return scaled.bitLength() < 64 ? price(scaled.longValue())
            : new BigDecimal(scaled, market.priceScale()).toPlainString();
    }

    void writeState(final DataOutput out) throws IOException
    {
        book.writeState(out);
        trades.writeState(out);
        ticker.writeState(out);
        for (int i = 0; i < INTERVALS.length; i++)
        {
            candles[i].writeState(out);
            series[i].writeState(out);
        }
        recentTrades.writeState(out);
        out.writeLong(lastPrice);
        out.writeLong(bestBid);
        out.writeLong(bestAsk);
        out.writeInt(lastTicker.length);
        out.write(lastTicker);
    }

    void readState(final DataInput in) throws IOException
    {
        book.readState(in);
        trades.readState(in);
        ticker.readState(in);
        for (int i = 0; i < INTERVALS.length; i++)
        {
            candles[i].readState(in);
            series[i].readState(in);
        }
        recentTrades.readState(in);
        lastPrice = in.readLong();
        bestBid = in.readLong();
        bestAsk = in.readLong();
        final byte[] json = new byte[in.readInt()];
        in.readFully(json);
        lastTicker = json;
    }
}
