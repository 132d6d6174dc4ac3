using System.Diagnostics;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Leases;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// The controller's Lease elector on kube-apiserver v1.36.2, two electors on one Lease of their own (not the running
/// controller's): one leads, a silent leader's term runs out, a released Lease is taken at once, a Lease written
/// by someone else ends the term.
/// </summary>
[Collection(ControllerCluster.Name)]
public sealed class LeaseElectorTests(ControllerClusterFixture cluster) : IDisposable
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(0.25);
    private readonly CancellationTokenSource _end = new(TimeSpan.FromMinutes(1));

    private ResourceClient<Lease> Leases => cluster.Admin.Resource(ResourceTypes.Leases);

    private LeaseElector Elector(string lease, string identity, TimeSpan? leaseDuration = null) =>
        new(Leases, new LeaseElectorOptions
        {
            Namespace = ControllerClusterFixture.OperatorNamespace, Name = lease, Identity = identity,
            LeaseDuration = leaseDuration ?? LeaseDuration, RenewDeadline = (leaseDuration ?? LeaseDuration) * 0.6, RetryPeriod = RetryPeriod,
        }, TimeProvider.System, NullLogger.Instance);

    private async Task<string?> HolderAsync(string lease) =>
        (await Leases.GetAsync(ControllerClusterFixture.OperatorNamespace, lease, _end.Token))?.Spec?.HolderIdentity;

    [Fact]
    public async Task Of_two_electors_one_leads_and_the_other_waits()
    {
        var first = Elector("elector-one-leads", "a").AcquireAsync(_end.Token);
        var second = Elector("elector-one-leads", "b").AcquireAsync(_end.Token);

        var winner = await Task.WhenAny(first, second).WaitAsync(Eventually.Deadline);
        await winner;
        // Four more tries of the other one, all against a Lease renewed nowhere but still well within its term.
        await Task.Delay(RetryPeriod * 4);

        Assert.False(winner == first ? second.IsCompleted : first.IsCompleted);
        var lease = await Leases.GetAsync(ControllerClusterFixture.OperatorNamespace, "elector-one-leads", _end.Token);
        Assert.Equal(winner == first ? "a" : "b", lease!.Spec!.HolderIdentity);
        Assert.Equal(3, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(0, lease.Spec.LeaseTransitions);
        Assert.NotNull(lease.Spec.AcquireTime);
    }

    [Fact]
    public async Task A_leader_that_stops_renewing_is_replaced_once_its_term_ran_out_and_not_before()
    {
        var leader = Elector("elector-lapse", "a");
        await leader.AcquireAsync(_end.Token).WaitAsync(Eventually.Deadline);
        var clock = Stopwatch.StartNew();

        // The leader is gone without a word (as after SIGKILL): it never renews or releases.
        await Elector("elector-lapse", "b").AcquireAsync(_end.Token).WaitAsync(Eventually.Deadline);

        // Counted from when the standby first saw the Lease, so never sooner than the term; one try late at most.
        Assert.InRange(clock.Elapsed, LeaseDuration, LeaseDuration + RetryPeriod + TimeSpan.FromSeconds(2));
        var lease = await Leases.GetAsync(ControllerClusterFixture.OperatorNamespace, "elector-lapse", _end.Token);
        Assert.Equal("b", lease!.Spec!.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task A_released_Lease_is_taken_on_the_next_try_long_before_its_term_could_run_out()
    {
        var term = TimeSpan.FromMinutes(1);
        var leader = Elector("elector-release", "a", term);
        await leader.AcquireAsync(_end.Token).WaitAsync(Eventually.Deadline);
        var standby = Elector("elector-release", "b", term).AcquireAsync(_end.Token);
        await Task.Delay(RetryPeriod * 2);
        Assert.False(standby.IsCompleted);
        var clock = Stopwatch.StartNew();

        Assert.True(await leader.ReleaseAsync(_end.Token));

        await standby.WaitAsync(Eventually.Deadline);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, RetryPeriod + TimeSpan.FromSeconds(2));
        Assert.Equal("b", await HolderAsync("elector-release"));
        Assert.False(await leader.ReleaseAsync(_end.Token), "a Lease another replica holds is not released");
        Assert.Equal("b", await HolderAsync("elector-release"));
    }

    [Fact]
    public async Task A_leader_holds_while_it_renews_and_stops_once_the_Lease_is_taken_from_it()
    {
        var leader = Elector("elector-taken", "a");
        await leader.AcquireAsync(_end.Token).WaitAsync(Eventually.Deadline);
        var holding = leader.HoldAsync(_end.Token);
        await Task.Delay(LeaseDuration + RetryPeriod);
        Assert.False(holding.IsCompleted, "a leader that renews keeps leading past one term");
        var clock = Stopwatch.StartNew();

        // Someone else's claim (a replica that judged the term over by its own clock): the leader cannot renew.
        await Eventually.ValueAsync(TakeAsync, "the Lease written between two renewals");

        await holding.WaitAsync(Eventually.Deadline);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, RetryPeriod + LeaseDuration * 0.6 + TimeSpan.FromSeconds(2));
        Assert.Equal("intruder", await HolderAsync("elector-taken"));
    }

    private async Task<Lease?> TakeAsync()
    {
        var lease = await Leases.GetAsync(ControllerClusterFixture.OperatorNamespace, "elector-taken", _end.Token);
        try
        {
            return await Leases.ReplaceAsync(lease! with { Spec = lease.Spec! with { HolderIdentity = "intruder" } }, _end.Token);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            return null;
        }
    }

    public void Dispose()
    {
        // The electors still trying stop with the test.
        _end.Cancel();
        _end.Dispose();
    }
}
