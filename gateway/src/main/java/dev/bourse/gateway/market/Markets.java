package dev.bourse.gateway.market;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every market and asset, readable from any thread, written by the publisher thread from events. Looks markets up by
 * id, by pair id ({@code USD/NGN}) and by topic key ({@code USD_NGN}, any case).
 */
public final class Markets
{
    private final List<Market> byId = new CopyOnWriteArrayList<>();
    private final Map<String, Market> byPair = new ConcurrentHashMap<>();
    private final Map<String, Market> byTopicKey = new ConcurrentHashMap<>();
    private final List<Asset> assets = new CopyOnWriteArrayList<>();

    /** An asset: its code and decimals. */
    public record Asset(int id, String code, int scale)
    {
    }

    /** Adds or replaces a market (publisher thread). */
    public void put(final Market market)
    {
        while (byId.size() <= market.id())
        {
            byId.add(null);
        }
        byId.set(market.id(), market);
        byPair.put(market.pairId(), market);
        byTopicKey.put(market.topicKey().toUpperCase(Locale.ROOT), market);
    }

    /** Adds an asset (publisher thread); ids are dense from 1. */
    public void putAsset(final Asset asset)
    {
        while (assets.size() <= asset.id())
        {
            assets.add(null);
        }
        assets.set(asset.id(), asset);
    }

    /** The market with this id, or null. */
    public Market byId(final int id)
    {
        return id >= 0 && id < byId.size() ? byId.get(id) : null;
    }

    /** The market with this pair id ({@code USD/NGN}), or null. */
    public Market byPair(final String pairId)
    {
        return null == pairId ? null : byPair.get(pairId);
    }

    /** The market with this topic key, case-insensitive, or null. */
    public Market byTopicKey(final String topicKey)
    {
        return byTopicKey.get(topicKey.toUpperCase(Locale.ROOT));
    }

    /** The asset with this id, or null. */
    public Asset asset(final int id)
    {
        return id >= 0 && id < assets.size() ? assets.get(id) : null;
    }

    /** The asset with this code, or null. */
    public Asset asset(final String code)
    {
        for (final Asset a : assets)
        {
            if (null != a && a.code().equals(code))
            {
                return a;
            }
        }
        return null;
    }

    /** Every market in id order. */
    public List<Market> all()
    {
        return byId.stream().filter(m -> null != m).toList();
    }

    /** Every asset in id order. */
    public List<Asset> assets()
    {
        return assets.stream().filter(a -> null != a).toList();
    }

    /** The scale of every asset by code, in id order: what instruments and amounts are scaled with. */
    public Map<String, Integer> scales()
    {
        final Map<String, Integer> scales = new LinkedHashMap<>();
        for (final Asset a : assets())
        {
            scales.put(a.code(), a.scale());
        }
        return scales;
    }

    /** Forgets everything, before a snapshot is read back. */
    public void clear()
    {
        byId.clear();
        byPair.clear();
        byTopicKey.clear();
        assets.clear();
    }
}
