package dev.bourse.engine.event;

import dev.bourse.engine.account.Permission;
import dev.bourse.engine.account.Sha256;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class EngineEventTest
{
    @Test
    void shouldDeliverEveryKindOfEventWithEveryFieldInPlace() throws ReflectiveOperationException
    {
        final Class<?>[] kinds = EngineEvent.class.getPermittedSubclasses();
        final EventRecorder recorder = new EventRecorder();
        // Booleans have two values only: each kind goes twice, its booleans alternating and then the other way
        // round, so that a boolean delivered as a constant, or swapped with another, shows in one of the two.
        for (final boolean flip : new boolean[] {false, true})
        {
            for (final Class<?> kind : kinds)
            {
                final EngineEvent event = withDistinctFields(kind, flip);

                event.deliverTo(recorder);

                assertThat(recorder.events()).last().isEqualTo(event);
            }
        }
        assertThat(recorder.events()).hasSize(2 * kinds.length);
    }

    // Every component gets a value no other component of the record has, so a field passed in the wrong place shows.
    private static EngineEvent withDistinctFields(final Class<?> kind, final boolean flip)
        throws ReflectiveOperationException
    {
        final RecordComponent[] components = kind.getRecordComponents();
        final Class<?>[] types = new Class<?>[components.length];
        final Object[] values = new Object[components.length];
        int booleans = 0;
        for (int i = 0; i < components.length; i++)
        {
            types[i] = components[i].getType();
            values[i] = boolean.class == types[i] ? (booleans++ % 2 == 0) != flip : valueOf(types[i], i + 1);
        }
        final Constructor<?> constructor = kind.getDeclaredConstructor(types);
        return (EngineEvent)constructor.newInstance(values);
    }

    private static Object valueOf(final Class<?> type, final int n)
    {
        if (long.class == type)
        {
            return 1_000L + n;
        }
        if (int.class == type)
        {
            return 2_000 + n;
        }
        if (String.class == type)
        {
            return "text-" + n;
        }
        if (type.isEnum())
        {
            final Object[] constants = type.getEnumConstants();
            return constants[n % constants.length];
        }
        if (Sha256.class == type)
        {
            return new Sha256(n, n + 1, n + 2, n + 3);
        }
        if (java.util.Set.class == type)
        {
            return EnumSet.of(Permission.values()[n % Permission.values().length]);
        }
        // Only CreateInstrument is left; delivery passes it by reference, so null shows as well as any.
        return null;
    }
}
