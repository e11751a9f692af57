package dev.bourse.server.config;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One YAML mapping and its path in the file, with typed reads that fail naming the key. A key that is absent or has no
 * value takes the default; required reads pass a {@code null} default.
 */
final class ConfigNode
{
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private final JsonNode node;
    private final String path;

    private ConfigNode(final JsonNode node, final String path)
    {
        this.node = node;
        this.path = path;
    }

    /** The top of the file; an empty file is an empty mapping. */
    static ConfigNode root(final JsonNode tree)
    {
        if (null == tree || tree.isMissingNode() || tree.isNull())
        {
            return new ConfigNode(null, "");
        }
        if (!tree.isObject())
        {
            throw new ConfigException("top level: must be a mapping of sections, got " + tree);
        }
        return new ConfigNode(tree, "");
    }

    /** The full path of a key of this mapping, e.g. {@code instruments[0].symbol}. */
    String pathOf(final String key)
    {
        return path.isEmpty() ? key : path + '.' + key;
    }

    /** An error about one key of this mapping. */
    ConfigException error(final String key, final String problem)
    {
        return new ConfigException(pathOf(key) + ": " + problem);
    }

    /** Fails on the first key, in file order, that is not one of {@code keys}: a typo must not pass as a default. */
    void allowOnly(final Set<String> keys)
    {
        if (null == node)
        {
            return;
        }
        for (final String key : node.propertyNames())
        {
            if (!keys.contains(key))
            {
                throw error(key, "unknown key");
            }
        }
    }

    /** A nested mapping; absent or empty reads as an empty one. */
    ConfigNode section(final String key)
    {
        final JsonNode value = value(key);
        if (null != value && !value.isObject())
        {
            throw error(key, "must be a mapping, got " + value);
        }
        return new ConfigNode(value, pathOf(key));
    }

    /** A list of mappings, each with its index in its path; absent reads as empty. */
    List<ConfigNode> mappings(final String key)
    {
        final JsonNode value = value(key);
        if (null == value)
        {
            return List.of();
        }
        if (!value.isArray())
        {
            throw error(key, "must be a list, got " + value);
        }
        final List<ConfigNode> items = new ArrayList<>(value.size());
        for (final JsonNode item : value.values())
        {
            final String itemPath = pathOf(key) + '[' + items.size() + ']';
            if (!item.isObject())
            {
                throw new ConfigException(itemPath + ": must be a mapping, got " + item);
            }
            items.add(new ConfigNode(item, itemPath));
        }
        return items;
    }

    /** A non-empty string. */
    String string(final String key, final String defaultValue)
    {
        final JsonNode value = value(key);
        if (null == value)
        {
            return orRequired(key, defaultValue);
        }
        if (!value.isString() || value.stringValue().isBlank())
        {
            throw error(key, "must be a non-empty string, got " + value);
        }
        return value.stringValue();
    }

    /** One of a fixed set of words. */
    String oneOf(final String key, final String defaultValue, final List<String> options)
    {
        final JsonNode value = value(key);
        if (null == value)
        {
            return orRequired(key, defaultValue);
        }
        if (!value.isString() || !options.contains(value.stringValue()))
        {
            throw error(key, "must be one of " + String.join(", ", options) + ", got " + value);
        }
        return value.stringValue();
    }

    /**
     * One of an enum's constants, written in lower case; the error lists them in declaration order. The default gives
     * the enum's type, so this read cannot be required.
     */
    <E extends Enum<E>> E oneOf(final String key, final E defaultValue)
    {
        final Class<E> type = defaultValue.getDeclaringClass();
        final List<String> options = Arrays.stream(type.getEnumConstants())
            .map(constant -> constant.name().toLowerCase(Locale.ROOT))
            .toList();
        final String word = oneOf(key, defaultValue.name().toLowerCase(Locale.ROOT), options);
        return Enum.valueOf(type, word.toUpperCase(Locale.ROOT));
    }

    /** {@code true} or {@code false}. */
    boolean bool(final String key, final boolean defaultValue)
    {
        final JsonNode value = value(key);
        if (null == value)
        {
            return defaultValue;
        }
        if (!value.isBoolean())
        {
            throw error(key, "must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    /** An integer from {@code min} to {@code max}; a {@code null} default makes it required. */
    int integer(final String key, final Integer defaultValue, final int min, final int max)
    {
        final JsonNode value = value(key);
        if (null == value)
        {
            return orRequired(key, defaultValue);
        }
        return (int)checkRange(key, value, min, max);
    }

    /** A long integer from {@code min} to {@code max}. */
    long longInteger(final String key, final long defaultValue, final long min, final long max)
    {
        final JsonNode value = value(key);
        return null == value ? defaultValue : checkRange(key, value, min, max);
    }

    /** A finite number above zero, integer or not. */
    double positive(final String key, final double defaultValue)
    {
        final JsonNode value = value(key);
        if (null == value)
        {
            return defaultValue;
        }
        if (!value.isNumber())
        {
            throw error(key, "must be a number, got " + value);
        }
        final double number = value.doubleValue();
        if (!(number > 0) || Double.isInfinite(number))
        {
            throw error(key, "must be above 0, got " + value);
        }
        return number;
    }

    /**
     * A decimal amount written as a number or as a string of digits with an optional fraction; exact, since YAML
     * numbers are read as {@link BigDecimal}s. Must not be negative.
     */
    BigDecimal decimal(final String key, final BigDecimal defaultValue)
    {
        final JsonNode value = value(key);
        if (null == value)
        {
            return orRequired(key, defaultValue);
        }
        final BigDecimal amount;
        if (value.isNumber())
        {
            amount = value.decimalValue();
        }
        else if (value.isString() && DECIMAL.matcher(value.stringValue()).matches())
        {
            amount = new BigDecimal(value.stringValue());
        }
        else
        {
            throw error(key, "must be a decimal number such as \"0.01\", got " + value);
        }
        if (amount.signum() < 0)
        {
            throw error(key, "must not be negative, got " + amount.toPlainString());
        }
        return amount;
    }

    private long checkRange(final String key, final JsonNode value, final long min, final long max)
    {
        if (!value.isIntegralNumber())
        {
            throw error(key, "must be an integer, got " + value);
        }
        if (value.canConvertToLong() && value.longValue() >= min && value.longValue() <= max)
        {
            return value.longValue();
        }
        // A limit that is only the type's own reads better as one side: "at least 1" rather than "1 and 2147483647".
        final String range;
        if (max != Integer.MAX_VALUE && max != Long.MAX_VALUE)
        {
            range = "between " + min + " and " + max;
        }
        else if (value.decimalValue().compareTo(BigDecimal.valueOf(min)) < 0)
        {
            range = "at least " + min;
        }
        else
        {
            range = "at most " + max;
        }
        throw error(key, "must be " + range + ", got " + value);
    }

    private <T> T orRequired(final String key, final T defaultValue)
    {
        if (null == defaultValue)
        {
            throw error(key, "is required");
        }
        return defaultValue;
    }

    private JsonNode value(final String key)
    {
        if (null == node)
        {
            return null;
        }
        final JsonNode value = node.get(key);
        return null == value || value.isNull() ? null : value;
    }
}
