package dev.bourse.server.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code assets:} list and completes it from the instruments: an asset they trade but that is not listed
 * gets the smallest scale that keeps every amount exact (quote at least price_scale + quantity_scale, base at least
 * quantity_scale, the largest over its instruments).
 */
final class AssetResolver
{
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,16}");
    private static final Set<String> KEYS = Set.of("code", "scale");

    private AssetResolver()
    {
    }

    /** Listed assets in file order, then derived ones in order of first use. */
    static List<AssetSpec> resolve(final List<ConfigNode> listed, final List<InstrumentSpec> instruments)
    {
        final Map<String, AssetSpec> assets = new LinkedHashMap<>();
        final Map<String, ConfigNode> listedNodes = new HashMap<>();
        for (final ConfigNode node : listed)
        {
            final AssetSpec asset = read(node);
            if (null != listedNodes.putIfAbsent(asset.code(), node))
            {
                throw node.error("code", "duplicate asset " + asset.code());
            }
            assets.put(asset.code(), asset);
        }
        for (final InstrumentSpec spec : instruments)
        {
            final int quoteNeeds = spec.priceScale() + spec.quantityScale();
            require(assets, listedNodes, spec.base(), spec.quantityScale(), spec,
                "quantity_scale " + spec.quantityScale());
            require(assets, listedNodes, spec.quote(), quoteNeeds, spec,
                "price_scale " + spec.priceScale() + " + quantity_scale " + spec.quantityScale());
        }
        return new ArrayList<>(assets.values());
    }

    private static AssetSpec read(final ConfigNode node)
    {
        node.allowOnly(KEYS);
        final String code = node.string("code", null);
        if (!CODE.matcher(code).matches())
        {
            throw node.error("code", "must be 1 to 16 characters A-Z and 0-9, got \"" + code + '"');
        }
        return new AssetSpec(code, node.integer("scale", null, 0, InstrumentReader.MAX_SCALE));
    }

    private static void require(
        final Map<String, AssetSpec> assets, final Map<String, ConfigNode> listedNodes, final String code,
        final int needed, final InstrumentSpec spec, final String reason)
    {
        final ConfigNode listedNode = listedNodes.get(code);
        final AssetSpec current = assets.get(code);
        if (null != listedNode)
        {
            if (current.scale() < needed)
            {
                throw listedNode.error("scale", current.scale() + " is too small for " + spec.symbol()
                    + ", which needs at least " + needed + " (" + reason + ")");
            }
        }
        else if (null == current || current.scale() < needed)
        {
            assets.put(code, new AssetSpec(code, needed));
        }
    }
}
