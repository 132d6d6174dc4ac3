using System.Collections.Immutable;
using System.Net;
using LvsOperator.Agent.Bgp;
using LvsOperator.Core.Kernel;
using LvsOperator.Node.Bgp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// Issue 17's faults of the first lab runs: the reconcile loop waited for frr-reload (ready after 1.5-2 min under
/// load), a SIGTERM's withdrawal queued behind a 30 s reload and was cut by the host, and a bgpd restarted by
/// watchfrr stayed empty until something else changed.
/// </summary>
// BgpMetrics are process-wide: announcers of another class running alongside would reset the series read here.
[Collection("BgpMetrics")]
public sealed class BgpAnnouncerWorkerTests : IDisposable
{
    private static readonly IPAddress Router = IPAddress.Parse("192.0.2.1");

    private readonly string _directory = Directory.CreateTempSubdirectory("bgp-worker-").FullName;
    private readonly FakeFrr _frr = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static BgpAnnouncement Announcing(params string[] vips) => new(
        ImmutableSortedDictionary.Create<IPAddress, BgpSession>(BgpAnnouncement.Addresses).Add(Router, new BgpSession(Router, 64500, 64512, 9, false, null)),
        vips.Select(IPAddress.Parse).Aggregate(
            ImmutableSortedDictionary.Create<IPAddress, BgpRoute>(BgpAnnouncement.Addresses),
            (routes, vip) => routes.Add(vip, new BgpRoute(vip, BgpRoute.PeerSet([Router]), [], null))));

    private BgpAnnouncer Announcer() => new(
        new FrrDaemon(new FrrOptions { ConfigPath = Path.Combine(_directory, "frr.conf") }, _frr), new NoBgpPasswords(),
        Options.Create(new AgentOptions { Bgp = true }), TimeProvider.System, NullLogger<BgpAnnouncer>.Instance);

    [Fact]
    public async Task An_offer_returns_before_frr_took_it_and_the_latest_of_those_made_meanwhile_is_the_one_applied()
    {
        using var announcer = Announcer();
        _frr.Slow = new TaskCompletionSource();

        var first = announcer.OfferAsync(Announcing("192.0.2.120"), serving: true);
        await _frr.ReloadStarted.WaitAsync();
        var superseded = announcer.OfferAsync(Announcing("192.0.2.121"), serving: true);
        var latest = announcer.OfferAsync(Announcing("192.0.2.122"), serving: true);
        Assert.False(first.IsCompleted);
        Assert.False(announcer.Announcing);

        _frr.Slow.SetResult();
        await latest;

        Assert.True(superseded.IsCompleted);
        Assert.Equal(2, _frr.Reloads);
        Assert.Contains("  network 192.0.2.122/32\n", _frr.Running, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.121", _frr.Running, StringComparison.Ordinal);
        Assert.True(announcer.Announcing);
    }

    [Fact]
    public async Task A_stop_during_a_slow_reload_cuts_it_and_withdraws_what_bgpd_holds_with_one_vtysh_change()
    {
        using var announcer = Announcer();
        await announcer.OfferAsync(Announcing("192.0.2.120"), serving: true);
        _frr.Slow = new TaskCompletionSource();
        var stuck = announcer.OfferAsync(Announcing("192.0.2.120", "192.0.2.121"), serving: true);
        await _frr.ReloadStarted.WaitAsync();
        await _frr.ReloadStarted.WaitAsync();

        await announcer.WithdrawAsync(CancellationToken.None);

        Assert.True(stuck.IsCompleted);
        Assert.Equal(["configure terminal", "router bgp 64512", "address-family ipv4 unicast", "no network 192.0.2.120/32",
            "exit-address-family", "end"], Assert.Single(_frr.Changes));
        Assert.DoesNotContain("network 192.0.2.12", _frr.Running, StringComparison.Ordinal);
        Assert.DoesNotContain("network 192.0.2.12", File.ReadAllText(Path.Combine(_directory, "frr.conf")), StringComparison.Ordinal);
        Assert.False(announcer.Announcing);
        Assert.Equal(1, _frr.Reloads);
    }

    [Fact]
    public async Task A_bgpd_restarted_empty_gets_the_configuration_again_on_the_next_offer_of_the_same_intent()
    {
        using var announcer = Announcer();
        await announcer.OfferAsync(Announcing("192.0.2.120"), serving: true);
        await announcer.OfferAsync(Announcing("192.0.2.120"), serving: true);
        Assert.Equal(1, _frr.Reloads);

        _frr.Restart();
        await announcer.OfferAsync(Announcing("192.0.2.120"), serving: true);

        Assert.Equal(2, _frr.Reloads);
        Assert.Contains("  network 192.0.2.120/32\n", _frr.Running, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frr_taking_a_withdrawal_wakes_the_loop_so_the_slice_status_says_so()
    {
        using var announcer = Announcer();
        await announcer.OfferAsync(Announcing("192.0.2.120"), serving: true);
        var changed = announcer.WaitForChangeAsync(CancellationToken.None);
        Assert.False(changed.IsCompleted);

        await announcer.OfferWithdrawalAsync();

        Assert.True(changed.IsCompleted);
        Assert.False(announcer.Announcing);
        Assert.DoesNotContain("network 192.0.2.120", _frr.Running, StringComparison.Ordinal);
    }
}
