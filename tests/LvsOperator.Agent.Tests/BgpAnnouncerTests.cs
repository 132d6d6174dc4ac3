using System.Collections.Immutable;
using System.Net;
using LvsOperator.Agent.Bgp;
using LvsOperator.Core.Kernel;
using LvsOperator.Node.Bgp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// Issue 17: when a director announces its VIPs through FRR, that a stopping one withdraws them for good without
/// waiting for a reload, that the latest intent wins, and that a bgpd restarted empty gets the configuration again.
/// </summary>
// BgpMetrics are process-wide: announcers of another class running alongside would reset the series read here.
[Collection("BgpMetrics")]
public sealed class BgpAnnouncerTests : IDisposable
{
    private static readonly IPAddress Router = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.120");

    private static readonly BgpAnnouncement Intent = new(
        ImmutableSortedDictionary.Create<IPAddress, BgpSession>(BgpAnnouncement.Addresses).Add(Router, new BgpSession(Router, 64500, 64512, 9, false, null)),
        ImmutableSortedDictionary.Create<IPAddress, BgpRoute>(BgpAnnouncement.Addresses).Add(Vip, new BgpRoute(Vip, BgpRoute.PeerSet([Router]), [], null)));

    private readonly string _directory = Directory.CreateTempSubdirectory("bgp-announcer-").FullName;
    private readonly FakeFrr _frr = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private BgpAnnouncer Announcer(bool enabled = true, IBgpPasswordSource? passwords = null) => new(
        new FrrDaemon(new FrrOptions { ConfigPath = Path.Combine(_directory, "frr.conf") }, _frr), passwords ?? new NoBgpPasswords(),
        Options.Create(new AgentOptions { Bgp = enabled, BgpRouterId = "198.18.0.21" }), TimeProvider.System, NullLogger<BgpAnnouncer>.Instance);

    private string Config => File.ReadAllText(Path.Combine(_directory, "frr.conf"));

    [Fact]
    public async Task Without_bgp_enabled_or_with_nothing_ever_to_announce_frr_is_left_alone()
    {
        using var disabled = Announcer(enabled: false);
        await disabled.OfferAsync(Intent, serving: true);
        using var idle = Announcer();
        await idle.OfferAsync(BgpAnnouncement.Empty, serving: true);
        await idle.WithdrawAsync(CancellationToken.None);

        Assert.Equal(0, _frr.Reloads);
        Assert.False(File.Exists(Path.Combine(_directory, "frr.conf")));
    }

    [Fact]
    public async Task An_agent_stopped_before_its_first_intent_withdraws_what_an_earlier_run_left_announced()
    {
        using (var earlier = Announcer()) await earlier.OfferAsync(Intent, serving: true);
        Assert.Contains("  network 192.0.2.120/32", _frr.Running, StringComparison.Ordinal);

        using var restarted = Announcer();
        await restarted.WithdrawAsync(CancellationToken.None);

        Assert.Contains("no network 192.0.2.120/32", Assert.Single(_frr.Changes));
        Assert.DoesNotContain("network 192.0.2.120", _frr.Running, StringComparison.Ordinal);
        Assert.DoesNotContain("network 192.0.2.120", Config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_serving_director_announces_and_one_whose_cycle_failed_withdraws_keeping_the_session()
    {
        using var announcer = Announcer();

        await announcer.OfferAsync(Intent, serving: true);
        Assert.Contains("  network 192.0.2.120/32\n", Config, StringComparison.Ordinal);
        Assert.Contains(" bgp router-id 198.18.0.21\n", Config, StringComparison.Ordinal);

        await announcer.OfferAsync(Intent, serving: false);
        Assert.DoesNotContain("network 192.0.2.120", Config, StringComparison.Ordinal);
        Assert.Contains(" neighbor 192.0.2.1 remote-as 64500\n", Config, StringComparison.Ordinal);
        // Withdrawn by one vtysh change first, not only by the reload that follows it.
        Assert.Contains("no network 192.0.2.120/32", Assert.Single(_frr.Changes));
        Assert.False(announcer.Announcing);

        await announcer.OfferAsync(Intent, serving: true);
        Assert.Equal(3, _frr.Reloads);
        Assert.Single(_frr.Changes);
    }

    [Fact]
    public async Task Once_stopping_nothing_announces_again_even_a_cycle_that_succeeds_after()
    {
        using var announcer = Announcer();
        await announcer.OfferAsync(Intent, serving: true);

        await announcer.WithdrawAsync(CancellationToken.None);
        await announcer.OfferAsync(Intent, serving: true);

        Assert.DoesNotContain("network 192.0.2.120", Config, StringComparison.Ordinal);
        Assert.DoesNotContain("network 192.0.2.120", _frr.Running, StringComparison.Ordinal);
        Assert.Equal(1, _frr.Reloads);
        Assert.False(announcer.Announcing);
    }

    [Fact]
    public async Task Sessions_are_read_back_after_each_cycle_into_the_frr_exporters_metrics()
    {
        using var announcer = Announcer();
        var state = Prometheus.Metrics.CreateGauge("frr_bgp_peer_state", "", "afi", "safi", "peer");
        var advertised = Prometheus.Metrics.CreateGauge("frr_bgp_peer_prefixes_advertised_count_total", "", "afi", "safi", "peer");

        _frr.Summary = """{"ipv4Unicast":{"peers":{"192.0.2.1":{"state":"Established","peerUptimeEstablishedEpoch":1796609585,"pfxSnt":1,"pfxRcd":0}}}}""";
        await announcer.OfferAsync(Intent, serving: true);
        Assert.Equal((1, 1), (state.WithLabels("ipv4", "unicast", "192.0.2.1").Value, advertised.WithLabels("ipv4", "unicast", "192.0.2.1").Value));

        _frr.Summary = """{"ipv4Unicast":{"peers":{"192.0.2.1":{"state":"Active","pfxSnt":0,"pfxRcd":0}}}}""";
        await announcer.OfferAsync(Intent, serving: true);
        Assert.Equal((0, 0), (state.WithLabels("ipv4", "unicast", "192.0.2.1").Value, advertised.WithLabels("ipv4", "unicast", "192.0.2.1").Value));
    }

    [Fact]
    public async Task Sessions_and_announcing_are_kept_for_the_status_and_a_session_lost_or_regained_is_raised_once()
    {
        using var announcer = Announcer();
        var changes = new List<BgpSessionChange>();
        announcer.SessionChanged += changes.Add;
        const string Up = """{"ipv4Unicast":{"peers":{"192.0.2.1":{"state":"Established","peerUptimeEstablishedEpoch":1796609585,"pfxSnt":1,"pfxRcd":0}}}}""";
        const string Down = """{"ipv4Unicast":{"peers":{"192.0.2.1":{"state":"Active","pfxSnt":0,"pfxRcd":0}}}}""";

        _frr.Summary = Up;
        await announcer.OfferAsync(Intent, serving: true);
        var session = Assert.Single(announcer.Sessions);
        Assert.Equal(("192.0.2.1", "ipv4Unicast", true, 1L), (session.Peer, session.Family, session.Established, session.PrefixesAdvertised));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796609585), session.Since);
        Assert.True(announcer.Announcing);

        await announcer.OfferAsync(Intent, serving: true);
        _frr.Summary = Down;
        await announcer.OfferAsync(Intent, serving: false);
        Assert.False(announcer.Announcing);
        Assert.Null(Assert.Single(announcer.Sessions).Since);
        _frr.Summary = Up;
        await announcer.OfferWithdrawalAsync();
        Assert.False(announcer.Announcing);

        Assert.Equal([new BgpSessionChange(Router, "ipv4Unicast", true), new BgpSessionChange(Router, "ipv4Unicast", false),
            new BgpSessionChange(Router, "ipv4Unicast", true)], changes);
    }

    [Fact]
    public async Task A_session_with_a_password_runs_with_the_one_read_from_its_secret_and_is_left_out_without_it()
    {
        var secret = new BgpPasswordRef("shop", "bgp-auth", "password");
        var guarded = Intent with { Sessions = Intent.Sessions.SetItem(Router, new BgpSession(Router, 64500, 64512, 9, false, secret)) };

        using (var blind = Announcer())
        {
            await blind.OfferAsync(guarded, serving: true);
            Assert.DoesNotContain("neighbor 192.0.2.1", Config, StringComparison.Ordinal);
        }

        var source = new Passwords(new Dictionary<BgpPasswordRef, string> { [secret] = "s3cret-md5" });
        using var announcer = Announcer(passwords: source);
        await announcer.OfferAsync(guarded, serving: true);

        Assert.Contains(" neighbor 192.0.2.1 password s3cret-md5\n", Config, StringComparison.Ordinal);
        Assert.Equal([secret], source.Asked);
    }

    private sealed class Passwords(Dictionary<BgpPasswordRef, string> known) : IBgpPasswordSource
    {
        public List<BgpPasswordRef> Asked { get; } = [];

        public Task<IReadOnlyDictionary<BgpPasswordRef, string>> ReadAsync(IEnumerable<BgpPasswordRef> wanted, CancellationToken cancellationToken)
        {
            Asked.AddRange(wanted);
            return Task.FromResult<IReadOnlyDictionary<BgpPasswordRef, string>>(known);
        }
    }
}
