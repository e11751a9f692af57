package dev.bourse.gateway.stream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A wildcard such as {@code trades.*}: the exact topics it covers, including those created after somebody joined
 * it. Members are announced outside the group's lock, so a listener may take topic locks without ordering issues;
 * a listener that joins while a member is being added hears of it from one side or the other, perhaps both.
 */
public final class TopicGroup
{
    /** Told of each topic added to the group after it joined. */
    public interface Listener
    {
        /** A new member topic. */
        void memberAdded(Topic topic);
    }

    private final String name;
    private final List<Topic> members = new ArrayList<>();
    private final Set<Listener> listeners = new LinkedHashSet<>();

    /** An empty group. */
    public TopicGroup(final String name)
    {
        this.name = name;
    }

    /** The wildcard name, e.g. {@code trades.*}. */
    public String name()
    {
        return name;
    }

    /** Adds a member and tells every listener. */
    public void add(final Topic topic)
    {
        final List<Listener> toTell;
        synchronized (this)
        {
            members.add(topic);
            toTell = List.copyOf(listeners);
        }
        for (final Listener l : toTell)
        {
            l.memberAdded(topic);
        }
    }

    /** Registers the listener and returns the members it must follow now. */
    public synchronized List<Topic> join(final Listener listener)
    {
        listeners.add(listener);
        return List.copyOf(members);
    }

    /** Unregisters the listener. */
    public synchronized void leave(final Listener listener)
    {
        listeners.remove(listener);
    }

    /** The members now. */
    public synchronized List<Topic> members()
    {
        return new ArrayList<>(members);
    }

    /** Forgets every member, before the projection is rebuilt from a snapshot. */
    public synchronized void clear()
    {
        members.clear();
    }
}
