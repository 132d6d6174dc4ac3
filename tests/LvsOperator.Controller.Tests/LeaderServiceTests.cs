using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Fake = LvsOperator.FakeApiServer.FakeApiServer;

namespace LvsOperator.Controller.Tests;

/// <summary>
/// Leader election against the fake API server, for what a real one cannot be made to do on cue (a connection
/// dropped mid-request): the elector outlives an unreachable API server, a standby is Ready, and a graceful
/// stop gives the Lease up (issue 12).
/// </summary>
public sealed class LeaderServiceTests : IAsyncLifetime, IDisposable
{
    private const string LeasePath = "/apis/coordination.k8s.io/v1/namespaces/lvs-operator/leases/lvs-operator-controller";
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _caches = [];
    private Fake _server = null!;
    private KubeApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await Fake.StartAsync(Fake.WithStandardResources());
        _api = new KubeApiClient(KubeConnection.ForServer(_server.BaseAddress));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_caches).WaitAsync(Eventually.Deadline).ContinueWith(_ => { }, TaskScheduler.Default);
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _api.Dispose();
        _stop.Dispose();
    }

    /// <param name="leaseDuration">Long enough, in the release test, that only a release lets the standby in within the test's deadline.</param>
    /// <param name="loop">In place of the real controller loop, to make it fail on cue.</param>
    private (LeaderService Service, ReconcileHealth Health) Replica(string identity, TimeSpan? leaseDuration = null, IControllerLoop? loop = null)
    {
        var settings = new ControllerOptions
        {
            LeaderElectionNamespace = "lvs-operator", Identity = identity,
            LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(2), RenewDeadline = (leaseDuration ?? TimeSpan.FromSeconds(2)) * 0.75,
            RetryPeriod = TimeSpan.FromSeconds(0.25),
        };
        var caches = new ClusterCaches(_api, LabelText.Parse(settings.DirectorSelector), NullLoggerFactory.Instance, TimeProvider.System);
        var writer = new OutputWriter(_api, identity, TimeProvider.System, NullLogger<OutputWriter>.Instance);
        var health = new ReconcileHealth(TimeProvider.System);
        var balancers = new LoadBalancerPass(caches, _api, new LoadBalancerWriter(_api, writer, NullLogger<LoadBalancerWriter>.Instance), false, TimeProvider.System);
        loop ??= new ControllerLoop(caches, writer, balancers, health, TimeProvider.System, NullLogger<ControllerLoop>.Instance);
        _caches.Add(caches.RunAsync(_stop.Token));
        var service = new LeaderService(
            loop, _api, caches, health, Microsoft.Extensions.Options.Options.Create(settings), TimeProvider.System,
            NullLogger<LeaderService>.Instance);
        return (service, health);
    }

    private string? LeaseHolder() =>
        _server.Store.Get("coordination.k8s.io", "leases", "lvs-operator", "lvs-operator-controller")?["spec"]?["holderIdentity"]?.GetValue<string>();

    [Fact]
    public async Task An_unreachable_API_server_is_waited_for_and_never_stops_the_elector()
    {
        // Issue 12: the elector let the HttpRequestException of a refused connection escape, and the host exited.
        var dropped = _server.Faults.Next("GET", LeasePath).Times(3).DropConnection();
        var (replica, _) = Replica("replica-1");

        await replica.StartAsync(CancellationToken.None);

        await Eventually.ValueAsync(() => LeaseHolder() == "replica-1" ? "leading" : null, "the Lease once the server answers");
        Assert.Equal(3, dropped.Hits);
        Assert.False(replica.ExecuteTask!.IsCompleted);
        await replica.StopAsync(CancellationToken.None);
        replica.Dispose();
    }

    [Fact]
    public async Task A_standby_is_ready_once_its_caches_are_synced_and_the_leader_once_it_reconciled()
    {
        var (leader, leaderHealth) = Replica("replica-1");
        await leader.StartAsync(CancellationToken.None);
        await Eventually.ValueAsync(() => LeaseHolder(), "a leader");
        var (standby, standbyHealth) = Replica("replica-2");

        await standby.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => standbyHealth.Readiness(TimeSpan.FromMinutes(1)).Ready, "the standby Ready");
        await Eventually.TrueAsync(() => leaderHealth.Readiness(TimeSpan.FromMinutes(1)).Ready, "the leader Ready after its first pass");
        Assert.Equal("standby, caches synced", standbyHealth.Readiness(TimeSpan.FromMinutes(1)).Reason);
        Assert.Equal("ok", leaderHealth.Readiness(TimeSpan.FromMinutes(1)).Reason);
        Assert.Equal("replica-1", LeaseHolder());
        await standby.StopAsync(CancellationToken.None);
        await leader.StopAsync(CancellationToken.None);
        standby.Dispose();
        leader.Dispose();
    }

    [Fact]
    public async Task A_leader_stopped_gracefully_releases_the_Lease_and_the_standby_takes_over_before_it_could_lapse()
    {
        // A minute: the standby could not take a Lease that merely lapsed within Eventually's 20 s.
        var lease = TimeSpan.FromMinutes(1);
        var (leader, _) = Replica("replica-1", lease);
        await leader.StartAsync(CancellationToken.None);
        await Eventually.ValueAsync(() => LeaseHolder(), "a leader");
        var (standby, standbyHealth) = Replica("replica-2", lease);
        await standby.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => standbyHealth.Readiness(TimeSpan.FromMinutes(1)).Ready, "the standby Ready");

        await leader.StopAsync(CancellationToken.None);

        await Eventually.ValueAsync(() => LeaseHolder() == "replica-2" ? "taken over" : null, "the standby taking the released Lease");
        await standby.StopAsync(CancellationToken.None);
        Assert.Equal("", LeaseHolder());
        standby.Dispose();
        leader.Dispose();
    }

    [Fact]
    public async Task A_leader_whose_loop_fails_releases_the_Lease_and_lets_the_standby_lead()
    {
        // A minute: the standby could not take a Lease that merely lapsed within Eventually's 20 s, and the failed
        // replica, standing aside for as long, cannot take it back first.
        var lease = TimeSpan.FromMinutes(1);
        var failing = new FailingLoop();
        var (leader, _) = Replica("replica-1", lease, failing);
        await leader.StartAsync(CancellationToken.None);
        await Eventually.ValueAsync(() => failing.Runs > 0 ? "ran" : null, "the first replica's loop to run and fail");
        var (standby, _) = Replica("replica-2", lease);

        await standby.StartAsync(CancellationToken.None);

        await Eventually.ValueAsync(() => LeaseHolder() == "replica-2" ? "taken over" : null, "the standby taking the Lease the failed leader released");
        Assert.Equal(1, failing.Runs);
        Assert.False(leader.ExecuteTask!.IsCompleted);
        await leader.StopAsync(CancellationToken.None);
        await standby.StopAsync(CancellationToken.None);
        standby.Dispose();
        leader.Dispose();
    }

    private sealed class FailingLoop : IControllerLoop
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task RunAsync(TimeSpan resync, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Task.FromException(new InvalidOperationException("the loop broke"));
        }
    }
}
