using System.Diagnostics;
using Xunit.Abstractions;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// The controller program when things go wrong on a real API server: the Lease holder killed (a standby takes
/// over once the Lease lapses) or stopped (it releases the Lease), and etcd compacted under running watches (410
/// Gone, a re-list, nothing lost). Each test leaves a leader running for the next.
/// </summary>
[Collection(ControllerCluster.Name)]
public sealed class ControllerResilienceTests(ControllerClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly ControllerOptions Defaults = new();

    /// <summary>A second replica, up once its informers listed; it then tries the Lease every RetryPeriod.</summary>
    private async Task<ControllerProcess> StartStandbyAsync()
    {
        var standby = cluster.StartReplica($"replica-{Guid.NewGuid():N}"[..16]);
        await Eventually.ValueAsync(() => Task.FromResult(standby.Logged("listed") ? "listed" : null), $"the standby's caches\n{standby.Tail(20)}");
        return standby;
    }

    [Fact]
    public async Task One_of_two_replicas_holds_the_lease_and_a_standby_takes_over_when_the_holder_is_killed()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-lease");
        var holder = cluster.Leader;
        var standby = await StartStandbyAsync();
        await Task.Delay(Defaults.RetryPeriod * 2);
        Assert.Equal(holder.Identity, await cluster.LeaseHolderAsync());
        Assert.False(standby.Logged(" leads "), "the standby leads while the holder renews");

        var clock = Stopwatch.StartNew();
        holder.Kill();
        // A killed holder releases nothing: the Lease must lapse (LeaseDuration), then the standby's next try wins.
        var bound = Defaults.LeaseDuration + Defaults.RetryPeriod * 2 + TimeSpan.FromSeconds(15);
        await cluster.WaitForLeaseHolderAsync(standby.Identity, bound);
        var takeover = clock.Elapsed;
        cluster.Leader = standby;

        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("web", "192.0.2.17"));
        await scene.WaitAcceptedAsync("web");
        var decided = clock.Elapsed;
        output.WriteLine($"takeover after SIGKILL of the holder: Lease held by the standby after {takeover.TotalSeconds:F1} s " +
            $"(LeaseDuration {Defaults.LeaseDuration.TotalSeconds} s, RetryPeriod {Defaults.RetryPeriod.TotalSeconds} s); " +
            $"a new VirtualService Accepted by it at {decided.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_leader_stopped_with_sigterm_releases_the_lease_and_the_standby_leads_before_it_could_lapse()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-release");
        var holder = cluster.Leader;
        var standby = await StartStandbyAsync();
        Assert.Equal(holder.Identity, await cluster.LeaseHolderAsync());

        var clock = Stopwatch.StartNew();
        Assert.True(holder.Terminate(Eventually.Deadline), $"still running after SIGTERM\n{holder.Tail(20)}");
        var stopped = clock.Elapsed;
        Assert.Equal(0, holder.ExitCode);
        // Renewed at most RetryPeriod before the signal, an unreleased Lease lapses no sooner than this after it.
        var lapse = Defaults.LeaseDuration - Defaults.RetryPeriod;
        await cluster.WaitForLeaseHolderAsync(standby.Identity, lapse - Defaults.RetryPeriod - stopped);
        var takeover = clock.Elapsed;
        cluster.Leader = standby;

        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("web", "192.0.2.20"));
        await scene.WaitAcceptedAsync("web");
        output.WriteLine($"takeover after SIGTERM of the holder: exited after {stopped.TotalSeconds:F1} s, Lease held by the standby " +
            $"after {takeover.TotalSeconds:F1} s (an unreleased Lease would lapse no sooner than {lapse.TotalSeconds} s)");
    }

    [Fact]
    public async Task After_etcd_is_compacted_under_its_watches_the_controller_lists_again_and_loses_nothing()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-compact");
        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("before", "192.0.2.18"));
        await scene.WaitAcceptedAsync("before");

        // A few revisions the controller does not watch, so that its watches' resourceVersions fall behind.
        for (var i = 0; i < 3; i++)
            (await cluster.Server.KubectlAsync("create", "configmap", $"revision-{i}", "-n", scene.Namespace)).EnsureSuccess();
        var compactedAt = await cluster.Server.CompactEtcdAsync();
        // A restarted API server's watch cache starts at the compacted revision: a watch resumed from an older
        // resourceVersion is answered 410 Gone, and the informer must list again.
        await cluster.Server.RestartApiServerAsync();
        await scene.ApplyAsync(scene.VirtualService("after", "192.0.2.19"));
        await scene.WaitAcceptedAsync("after");
        Assert.True(cluster.Leader.Logged("expired; listing again"), $"no 410 re-list after compaction at revision {compactedAt}\n{cluster.Logs()}");

        // Nothing lost: the object from before the compaction is still decided on, and an edit of it lands.
        await scene.ApplyAsync(scene.VirtualService("before", "192.0.2.18", port: 8080));
        var slice = await scene.WaitSliceAsync("before", scene.Director, s => s.Spec.Services is [{ Port: 8080 }], "the edit after the re-list");
        Assert.Equal("192.0.2.18", slice.Spec.Services[0].Address);
        Assert.False(cluster.Leader.HasExited, cluster.Leader.Tail(30));
    }
}
