using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// etcd in miniature: one global revision, every key's versions since the compacted revision, and the event history
/// watches replay. Tests seed and inspect through the public methods without HTTP; they emit watch events like any write.
/// </summary>
public sealed class ObjectStore
{
    private readonly Dictionary<ResourceType, SortedDictionary<string, List<ObjectVersion>>> objects = [];
    private readonly List<StoreEvent> history = [];
    private readonly List<StoreSubscription> subscriptions = [];
    private readonly ResourceRegistry registry;
    private readonly int historyWindow;
    private TaskCompletionSource revisionAdvanced = NewSignal();
    private long revision;
    private long compactedRevision;

    internal ObjectStore(ResourceRegistry registry, FakeApiServerOptions options)
    {
        this.registry = registry;
        historyWindow = options.HistoryWindow;
        Time = options.TimeProvider;
        foreach (var type in registry.Types)
        {
            objects[type] = new SortedDictionary<string, List<ObjectVersion>>(StringComparer.Ordinal);
        }
    }

    /// <summary>Held across a read-check-write so preconditions and commits are atomic, as an etcd transaction.</summary>
    internal object Gate { get; } = new();

    internal TimeProvider Time { get; }

    internal ResourceRegistry Registry => registry;

    public long CurrentRevision
    {
        get { lock (Gate) { return revision; } }
    }

    /// <summary>Revisions at or below this are gone: watches from them get "too old resource version".</summary>
    public long CompactedRevision
    {
        get { lock (Gate) { return compactedRevision; } }
    }

    /// <summary>Creates or replaces an object as is (status included), stamping uid, timestamps, generation and resourceVersion.</summary>
    public JsonObject Put(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
        var kind = obj["kind"]?.GetValue<string>() ?? "";
        var type = registry.ByKind(apiVersion, kind) ?? throw new ArgumentException($"the fake does not serve {kind} {apiVersion}");
        lock (Gate)
        {
            var incoming = (JsonObject)obj.DeepClone();
            var current = GetLocked(type, incoming.Namespace(), incoming.Name());
            if (current is null)
            {
                ObjectLifecycle.StampNew(incoming, Time);
                return CommitLocked(type, incoming, null);
            }

            ObjectLifecycle.CarryServerFields(incoming, current, bumpGenerationOn: ["metadata"]);
            return CommitLocked(type, incoming, current);
        }
    }

    public JsonObject? Get(string group, string plural, string? ns, string name)
    {
        var type = registry.Require(group, plural);
        lock (Gate)
        {
            return GetLocked(type, ns ?? "", name);
        }
    }

    /// <summary>The current objects of a type, optionally in one namespace, in the order the real list returns.</summary>
    public IReadOnlyList<JsonObject> List(string group, string plural, string? ns = null)
    {
        var type = registry.Require(group, plural);
        lock (Gate)
        {
            return [.. SnapshotLocked(type, ns, revision)];
        }
    }

    /// <summary>Forgets history up to <paramref name="toRevision"/>, like an etcd compaction.</summary>
    public void CompactTo(long toRevision)
    {
        lock (Gate)
        {
            CompactLocked(Math.Min(toRevision, revision));
        }
    }

    internal JsonObject? GetLocked(ResourceType type, string ns, string name) =>
        objects[type].TryGetValue(Key(ns, name), out var versions) && versions[^1].Object is { } obj
            ? (JsonObject)obj.DeepClone()
            : null;

    /// <summary>The objects as they were at <paramref name="atRevision"/> (which must not be compacted), key-ordered.</summary>
    internal IEnumerable<JsonObject> SnapshotLocked(ResourceType type, string? ns, long atRevision)
    {
        var prefix = ns is null ? "" : ns + "/";
        foreach (var (key, versions) in objects[type])
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var version = versions.LastOrDefault(v => v.Revision <= atRevision);
            if (version?.Object is { } obj)
            {
                yield return (JsonObject)obj.DeepClone();
            }
        }
    }

    /// <summary>Writes a new state under a fresh revision and tells every watcher.</summary>
    internal JsonObject CommitLocked(ResourceType type, JsonObject obj, JsonObject? previous)
    {
        var stored = (JsonObject)obj.DeepClone();
        stored.Metadata()["resourceVersion"] = ObjectFields.FormatRevision(++revision);
        Versions(type, stored.Namespace(), stored.Name()).Add(new ObjectVersion(revision, stored));
        Publish(new StoreEvent(revision, previous is null ? StoreEvent.Added : StoreEvent.Modified, type, stored, previous));
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>Removes an object; the DELETED event carries its last state stamped with the deleting revision (etcd's prevKV).</summary>
    internal JsonObject DeleteLocked(ResourceType type, JsonObject last)
    {
        var tombstone = (JsonObject)last.DeepClone();
        tombstone.Metadata()["resourceVersion"] = ObjectFields.FormatRevision(++revision);
        Versions(type, last.Namespace(), last.Name()).Add(new ObjectVersion(revision, null));
        Publish(new StoreEvent(revision, StoreEvent.Deleted, type, tombstone, last));
        return (JsonObject)tombstone.DeepClone();
    }

    /// <summary>Events after <paramref name="afterRevision"/>; null when that revision is compacted.</summary>
    internal IReadOnlyList<StoreEvent>? EventsAfterLocked(long afterRevision) =>
        afterRevision < compactedRevision ? null : [.. history.Where(e => e.Revision > afterRevision)];

    internal StoreSubscription SubscribeLocked()
    {
        var subscription = new StoreSubscription(s =>
        {
            lock (Gate)
            {
                subscriptions.Remove(s);
            }
        });
        subscriptions.Add(subscription);
        return subscription;
    }

    /// <summary>Waits until the store reaches <paramref name="target"/>; false when the wait runs out first.</summary>
    internal async Task<bool> WaitForRevisionAsync(long target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task advanced;
            lock (Gate)
            {
                if (revision >= target)
                {
                    return true;
                }

                advanced = revisionAdvanced.Task;
            }

            try
            {
                await advanced.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    internal IEnumerable<(ResourceType Type, JsonObject Object)> AllCurrentLocked() =>
        from pair in objects
        from versions in pair.Value.Values
        where versions[^1].Object is not null
        select (pair.Key, (JsonObject)versions[^1].Object!.DeepClone());

    private void Publish(StoreEvent storeEvent)
    {
        history.Add(storeEvent);
        foreach (var subscription in subscriptions)
        {
            subscription.Publish(storeEvent);
        }

        if (history.Count > historyWindow)
        {
            CompactLocked(history[history.Count - historyWindow - 1].Revision);
        }

        var signal = revisionAdvanced;
        revisionAdvanced = NewSignal();
        signal.SetResult();
    }

    private void CompactLocked(long toRevision)
    {
        if (toRevision <= compactedRevision)
        {
            return;
        }

        compactedRevision = toRevision;
        history.RemoveAll(e => e.Revision <= toRevision);
        foreach (var keys in objects.Values)
        {
            foreach (var key in keys.Keys.ToList())
            {
                var versions = keys[key];
                var newestCompacted = versions.FindLastIndex(v => v.Revision <= toRevision);
                versions.RemoveRange(0, Math.Max(0, newestCompacted));
                if (versions.Count == 1 && versions[0].Object is null && versions[0].Revision <= toRevision)
                {
                    keys.Remove(key);
                }
            }
        }
    }

    private List<ObjectVersion> Versions(ResourceType type, string ns, string name)
    {
        var key = Key(ns, name);
        if (!objects[type].TryGetValue(key, out var versions))
        {
            versions = [];
            objects[type][key] = versions;
        }

        return versions;
    }

    private static string Key(string ns, string name) => $"{ns}/{name}";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record ObjectVersion(long Revision, JsonObject? Object);
}
