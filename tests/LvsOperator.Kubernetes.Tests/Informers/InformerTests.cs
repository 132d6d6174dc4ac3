using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.Informers;

public sealed class InformerTests
{
    private const string Collection = "/apis/lvsoperator.io/v1alpha1/namespaces/lvs/realservers";

    private static readonly InformerOptions Options = new()
    {
        Namespace = "lvs",
        Backoff = new BackoffOptions { Initial = TimeSpan.FromMilliseconds(10), Max = TimeSpan.FromMilliseconds(100) },
    };

    [Fact]
    public async Task Lists_then_watches_adds_updates_and_deletes_into_cache_and_subscribers()
    {
        await using var api = await TestApi.StartAsync();
        var a = await api.RealServers.CreateAsync(TestApi.RealServer("a"));
        var informer = new Informer<RealServer>(api.RealServers, Options);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Deadline);
        var recorder = new ChangeRecorder<RealServer>();
        using var subscription = informer.Subscribe(recorder.Record);

        await api.RealServers.CreateAsync(TestApi.RealServer("b"));
        await api.RealServers.ReplaceAsync(a with { Spec = a.Spec with { Weight = 5 } });
        await api.RealServers.DeleteAsync("lvs", "b");
        await Eventually.TrueAsync(() => recorder.Saw(ResourceChangeType.Deleted, "b"), "b's delete");

        Assert.Equal(
            [(ResourceChangeType.Added, "a"), (ResourceChangeType.Added, "b"), (ResourceChangeType.Updated, "a"), (ResourceChangeType.Deleted, "b")],
            recorder.Changes.Select(c => (c.Type, c.Key.Name)));
        var update = recorder.Changes[2];
        Assert.Equal((1, 5), (update.Old!.Spec.Weight, update.New!.Spec.Weight));
        Assert.Equal(5, informer.Get("lvs", "a")?.Spec.Weight);
        Assert.Null(informer.Get("lvs", "b"));
        Assert.Equal(["a"], informer.List().Select(r => r.Metadata.Name));
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task Bookmarks_advance_the_resourceVersion_without_changes()
    {
        await using var api = await TestApi.StartAsync();
        await using var running = await Running<RealServer>.StartAsync(new Informer<RealServer>(api.RealServers, Options));
        var (informer, recorder) = (running.Informer, running.Recorder);

        // Outside the informer's namespace: the server's version moves, the informer hears only a bookmark.
        await api.RealServers.CreateAsync(TestApi.RealServer("elsewhere", ns: "other"));
        var newest = api.Server.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await Eventually.TrueAsync(() => informer.LastSyncResourceVersion == newest, "a bookmark at the newest version");
        Assert.Empty(recorder.Changes);
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_the_last_version_without_listing_again_or_missing_or_repeating_events()
    {
        await using var api = await TestApi.StartAsync();
        await using var running = await Running<RealServer>.StartAsync(new Informer<RealServer>(api.RealServers, Options));
        var (informer, recorder) = (running.Informer, running.Recorder);
        await api.RealServers.CreateAsync(TestApi.RealServer("a"));
        await Eventually.TrueAsync(() => recorder.Saw(ResourceChangeType.Added, "a"), "a added");
        var resumeFrom = informer.LastSyncResourceVersion;

        // The next watch is held back a little, so the writes below land while the informer is disconnected.
        api.Server.Faults.NextWatch(Collection).Delay(TimeSpan.FromMilliseconds(300));
        api.Server.DropWatches();
        await api.RealServers.CreateAsync(TestApi.RealServer("b"));
        await api.RealServers.CreateAsync(TestApi.RealServer("c"));
        await Eventually.TrueAsync(() => recorder.Saw(ResourceChangeType.Added, "c"), "c added after the drop");

        Assert.Equal(["a", "b", "c"], recorder.Changes.Select(c => c.Key.Name));
        Assert.All(recorder.Changes, c => Assert.Equal(ResourceChangeType.Added, c.Type));
        Assert.Equal(1, Lists(api));
        var watches = api.Server.Requests.Entries.Where(r => r.IsWatch && r.Path == Collection).ToList();
        Assert.True(watches.Count >= 2);
        Assert.Contains($"resourceVersion={resumeFrom}", watches[1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_history_relists_and_synthesizes_the_delete_missed_while_disconnected()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("a"));
        var b = await api.RealServers.CreateAsync(TestApi.RealServer("b", address: "198.18.0.2"));
        await using var running = await Running<RealServer>.StartAsync(new Informer<RealServer>(api.RealServers, Options));
        var (informer, recorder) = (running.Informer, running.Recorder);

        // Disconnected: watches fail while b goes, c comes and the history of both is compacted away.
        api.Server.Faults.NextWatch(Collection).Always().Respond(500);
        api.Server.DropWatches();
        await api.RealServers.DeleteAsync("lvs", "b");
        await api.RealServers.CreateAsync(TestApi.RealServer("c"));
        api.Server.Compact();
        api.Server.Faults.Clear();

        await Eventually.TrueAsync(() => recorder.Saw(ResourceChangeType.Deleted, "b") && recorder.Saw(ResourceChangeType.Added, "c"), "the relist's changes");
        var deleted = recorder.Changes.Single(c => c.Type == ResourceChangeType.Deleted);
        Assert.Equal(b.Metadata.Uid, deleted.Old?.Metadata.Uid);
        Assert.Equal("198.18.0.2", deleted.Current.Spec.Address);
        Assert.Equal(1, recorder.Count(ResourceChangeType.Added, "a"));
        Assert.Equal(2, Lists(api));
        Assert.Equal(["a", "c"], informer.List().Select(r => r.Metadata.Name).Order());
    }

    [Fact]
    public async Task A_failing_list_waits_its_backoff_then_succeeds()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("a"));
        var time = new FakeTimeProvider();
        var informer = new Informer<RealServer>(api.RealServers, Options with
        {
            Backoff = new BackoffOptions { Initial = TimeSpan.FromSeconds(10), Jitter = 0 },
        }, timeProvider: time);
        api.Server.Faults.Next("GET", Collection).Respond(500);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => Lists(api) == 1, "the first list");
        // Without the clock moving, no second list can come, whatever the scheduler does.
        await Task.Yield();
        Assert.False(informer.HasSynced);
        Assert.Equal(1, Lists(api));

        await Eventually.TrueAsync(() => informer.HasSynced, "synced after the backoff", eachTry: () => time.Advance(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, Lists(api));
        Assert.NotNull(informer.Get("lvs", "a"));
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task A_watch_that_hangs_past_its_timeout_is_abandoned_and_resumed()
    {
        await using var api = await TestApi.StartAsync();
        var time = new FakeTimeProvider();
        var informer = new Informer<RealServer>(api.RealServers, Options with
        {
            WatchTimeout = TimeSpan.FromMinutes(1),
            Backoff = new BackoffOptions { Initial = TimeSpan.FromSeconds(1), Jitter = 0 },
        }, timeProvider: time);
        // The first watch never answers, like a connection that died silently.
        api.Server.Faults.NextWatch(Collection).Delay(TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Deadline);
        await Eventually.TrueAsync(() => Watches(api) == 1, "the hanging watch");

        await Eventually.TrueAsync(() => Watches(api) == 2, "a second watch", eachTry: () => time.Advance(TimeSpan.FromSeconds(30)));
        await api.RealServers.CreateAsync(TestApi.RealServer("a"));

        await Eventually.TrueAsync(() => informer.Get("lvs", "a") is not null, "a seen by the resumed watch");
        Assert.Equal(1, Lists(api));
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task Resync_hands_every_cached_object_out_again()
    {
        await using var api = await TestApi.StartAsync();
        await api.RealServers.CreateAsync(TestApi.RealServer("a"));
        await api.RealServers.CreateAsync(TestApi.RealServer("b"));
        var time = new FakeTimeProvider();
        var informer = new Informer<RealServer>(api.RealServers, Options with { ResyncPeriod = TimeSpan.FromMinutes(1) }, timeProvider: time);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Deadline);
        var recorder = new ChangeRecorder<RealServer>();
        using var subscription = informer.Subscribe(recorder.Record);
        recorder.Clear();

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(["a", "b"], recorder.Changes.Where(c => c.Type == ResourceChangeType.Resync).Select(c => c.Key.Name).Order());
        Assert.All(recorder.Changes, c => Assert.Same(c.Old, c.New));
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task An_agents_informer_holds_only_its_own_nodes_slices()
    {
        await using var api = await TestApi.StartAsync();
        var slices = api.Client.Resource(ResourceTypes.NodeSlices);
        var informer = new Informer<NodeSlice>(slices, new InformerOptions { FieldSelector = "spec.nodeName=node-a" });
        var recorder = new ChangeRecorder<NodeSlice>();
        using var subscription = informer.Subscribe(recorder.Record);
        using var stop = new CancellationTokenSource();
        await slices.CreateAsync(Slice("listed-a", "node-a"));
        await slices.CreateAsync(Slice("listed-b", "node-b"));
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Deadline);

        await slices.CreateAsync(Slice("watched-b", "node-b"));
        await slices.CreateAsync(Slice("watched-a", "node-a"));
        await Eventually.TrueAsync(() => recorder.Saw(ResourceChangeType.Added, "watched-a"), "node-a's new slice");

        // Events arrive in version order, so node-b's earlier slice would have come first.
        Assert.Equal(["listed-a", "watched-a"], recorder.Changes.Select(c => c.Key.Name));
        Assert.Equal(["listed-a", "watched-a"], informer.List().Select(s => s.Metadata.Name).Order());
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task A_subscriber_that_throws_neither_stops_the_informer_nor_starves_the_others()
    {
        await using var api = await TestApi.StartAsync();
        var informer = new Informer<RealServer>(api.RealServers, Options);
        using var faulty = informer.Subscribe(_ => throw new InvalidOperationException("subscriber bug"));
        var recorder = new ChangeRecorder<RealServer>();
        using var subscription = informer.Subscribe(recorder.Record);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Eventually.Deadline);

        await api.RealServers.CreateAsync(TestApi.RealServer("a"));
        await api.RealServers.CreateAsync(TestApi.RealServer("b"));

        await Eventually.TrueAsync(() => recorder.Saw(ResourceChangeType.Added, "b"), "both adds despite the faulty subscriber");
        Assert.Equal(1, Lists(api));
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        await using var api = await TestApi.StartAsync();
        var informer = new Informer<RealServer>(api.RealServers, Options);
        var gone = new ChangeRecorder<RealServer>();
        var kept = new ChangeRecorder<RealServer>();
        informer.Subscribe(gone.Record).Dispose();
        using var subscription = informer.Subscribe(kept.Record);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        await api.RealServers.CreateAsync(TestApi.RealServer("a"));
        await Eventually.TrueAsync(() => kept.Saw(ResourceChangeType.Added, "a"), "the kept subscriber hears a");

        Assert.Empty(gone.Changes);
        await StopAsync(stop, run);
    }

    private static int Lists(TestApi api) =>
        api.Server.Requests.Entries.Count(r => !r.IsWatch && r.Method == "GET" && r.Path == Collection);

    private static int Watches(TestApi api) => api.Server.Requests.WatchCount(Collection);

    private static NodeSlice Slice(string name, string node) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "lvs" },
        Spec = new NodeSliceSpec { NodeName = node, VirtualService = "web" },
    };

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Deadline);
    }

    /// <summary>An informer running until disposed, synced, with a recorder subscribed before it started.</summary>
    private sealed class Running<T> : IAsyncDisposable where T : class, IKubernetesObject
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly IDisposable _subscription;
        private readonly Task _run;

        private Running(Informer<T> informer)
        {
            Informer = informer;
            _subscription = informer.Subscribe(Recorder.Record);
            _run = informer.RunAsync(_stop.Token);
        }

        public Informer<T> Informer { get; }
        public ChangeRecorder<T> Recorder { get; } = new();

        public static async Task<Running<T>> StartAsync(Informer<T> informer)
        {
            var running = new Running<T>(informer);
            await informer.WaitForSyncAsync().WaitAsync(Eventually.Deadline);
            return running;
        }

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            await StopAsync(_stop, _run);
            _stop.Dispose();
        }
    }
}
