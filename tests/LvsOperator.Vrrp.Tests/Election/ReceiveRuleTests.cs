using System.Net;
using LvsOperator.Vrrp.Election;
using LvsOperator.Vrrp.Wire;
using static LvsOperator.Vrrp.Election.VrrpState;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>What an instance refuses before the state machine sees it, and unicast and IPv6 elections.</summary>
public sealed class ReceiveRuleTests
{
    [Fact]
    public void A_malformed_packet_is_reported_with_the_decoders_reason_and_changes_nothing()
    {
        var router = new SingleRouter().In(Backup);
        var before = router.Instance.TimeUntilNextTimer;

        var commands = router.Instance.Receive([0x31, 0x33, 0xc8], new(IPAddress.Parse("198.18.0.3"), VrrpPacket.Ipv4Group, 112, 255));

        Assert.Equal(["reject Truncated"], commands.Select(SingleRouter.Describe));
        Assert.Equal(before, router.Instance.TimeUntilNextTimer);
    }

    [Fact]
    public void A_multicast_router_refuses_its_own_looped_advert_other_families_and_unicast()
    {
        var router = new SingleRouter().In(Master);
        var advert = new VrrpAdvertisement(51, 200, 100, router.Options.VirtualAddresses);

        Assert.Equal(VrrpRejection.FromSelf, Rejection(router.Instance.ReceiveAdvertisement(IPAddress.Parse(SingleRouter.Local), VrrpPacket.Ipv4Group, advert)));
        Assert.Equal(VrrpRejection.AddressFamilyMismatch, Rejection(router.Instance.ReceiveAdvertisement(IPAddress.Parse("fe80::3"), VrrpPacket.Ipv6Group, advert)));
        Assert.Equal(VrrpRejection.UnexpectedDestination, Rejection(router.Instance.ReceiveAdvertisement(IPAddress.Parse("198.18.0.3"), IPAddress.Parse(SingleRouter.Local), advert)));
        Assert.Equal(VrrpRejection.ZeroInterval, Rejection(router.Instance.ReceiveAdvertisement(IPAddress.Parse("198.18.0.3"), VrrpPacket.Ipv4Group, advert with { MaxAdvertiseInterval = 0 })));
        Assert.Equal(Master, router.Instance.State);
    }

    [Fact]
    public void Unicast_peers_get_an_advert_each_and_only_peers_are_heard()
    {
        var peers = new[] { IPAddress.Parse("198.18.0.3"), IPAddress.Parse("198.18.0.4") };
        var router = new SingleRouter(o => o with { UnicastPeers = [.. peers] }).In(Backup);

        var sends = router.Fire(router.Instance.MasterDownInterval).OfType<SendAdvertisement>().ToList();
        Assert.Equal(peers, sends.Select(s => s.Destination));
        foreach (var send in sends)
        {
            // Each payload's checksum is computed for its own destination.
            var header = new VrrpIpHeader(IPAddress.Parse(SingleRouter.Local), send.Destination, 112, 255);
            Assert.True(VrrpPacket.TryDecode(send.Payload.Span, header, VrrpWireOptions.Default, out _, out _));
        }

        var advert = new VrrpAdvertisement(51, 200, 100, router.Options.VirtualAddresses);
        var local = IPAddress.Parse(SingleRouter.Local);
        Assert.Equal(VrrpRejection.NotAPeer, Rejection(router.Instance.ReceiveAdvertisement(IPAddress.Parse("198.18.0.9"), local, advert)));
        Assert.Equal(VrrpRejection.UnexpectedDestination, Rejection(router.Instance.ReceiveAdvertisement(peers[0], VrrpPacket.Ipv4Group, advert)));
        Assert.Equal(Master, router.Instance.State);

        // A routed unicast peer arrives with a lower TTL; keepalived accepts that, and so does this.
        var payload = VrrpPacket.Encode(advert, peers[0], local, Ipv4ChecksumMode.PseudoHeader);
        Assert.Empty(router.Instance.Receive(payload, new(peers[0], local, 112, 62)).OfType<AdvertisementRejected>());
        Assert.Equal(Backup, router.Instance.State);
    }

    [Fact]
    public void Two_unicast_peers_elect_one_master()
    {
        var lan = new Lan();
        var a = lan.Add("198.18.0.1", 100, o => o with { UnicastPeers = [IPAddress.Parse("198.18.0.2")] });
        var b = lan.Add("198.18.0.2", 200, o => o with { UnicastPeers = [IPAddress.Parse("198.18.0.1")] });
        a.Start();
        b.Start();

        lan.RunFor(TimeSpan.FromSeconds(20));

        Assert.Equal((Backup, Master), (a.State, b.State));
        Assert.Empty(a.Commands<AdvertisementRejected>());
    }

    [Fact]
    public void Ipv6_routers_elect_over_ff02_12_from_link_local_addresses_and_announce_the_vip()
    {
        var lan = new Lan();
        var a = lan.Add("fe80::1", 100);
        var b = lan.Add("fe80::2", 100);
        a.Connected = b.Connected = false;
        a.Start();
        b.Start();
        lan.RunFor(TimeSpan.FromSeconds(5));
        a.Connected = b.Connected = true;

        lan.RunFor(TimeSpan.FromSeconds(20));

        // Two masters of equal priority: the higher link-local address stays master.
        Assert.Equal((Backup, Master), (a.State, b.State));
        Assert.All(b.Commands<SendAdvertisement>(), s => Assert.Equal(VrrpPacket.Ipv6Group, s.Destination));
        Assert.Contains(b.Commands<AnnounceVirtualAddresses>(), c => c.Addresses.Single().Equals(IPAddress.Parse("2001:db8::120")));
    }

    [Fact]
    public void The_preempt_delay_runs_again_from_the_first_lower_priority_advert_after_a_higher_master()
    {
        // Keepalived's preempt_time: cleared by a higher-or-equal master, restarted by the next lower one.
        var router = new SingleRouter(o => o with { PreemptDelay = TimeSpan.FromSeconds(10) }).In(VrrpState.Backup);
        router.Advert("198.18.0.3", 200);
        router.Clock.Advance(TimeSpan.FromSeconds(20));
        router.Advert("198.18.0.3", 200);

        router.Advert("198.18.0.1", 50);
        router.Clock.Advance(TimeSpan.FromSeconds(3));
        router.Advert("198.18.0.1", 50);
        Assert.Equal(router.Instance.MasterDownInterval, router.Instance.TimeUntilNextTimer);

        router.Clock.Advance(TimeSpan.FromSeconds(3));
        router.Advert("198.18.0.1", 50);
        router.Clock.Advance(TimeSpan.FromSeconds(3));
        router.Advert("198.18.0.1", 50);
        router.Clock.Advance(TimeSpan.FromSeconds(1.5));
        router.Advert("198.18.0.1", 50); // 10.5 s into the delay: no longer tolerated, the timer runs on

        Assert.Equal(router.Instance.MasterDownInterval - TimeSpan.FromSeconds(1.5), router.Instance.TimeUntilNextTimer);
        Assert.Equal(Master, router.Fire(router.Instance.TimeUntilNextTimer!.Value).OfType<VrrpStateChanged>().Single().To);
    }

    [Fact]
    public void An_instance_can_start_again_after_shutdown_and_ignores_repeated_events()
    {
        var router = new SingleRouter().In(Master);
        Assert.Empty(router.Instance.Start());

        Assert.NotEmpty(router.Instance.Shutdown());
        Assert.Empty(router.Instance.Shutdown());
        Assert.Empty(router.Instance.OnTimerFired());
        Assert.Null(router.Instance.TimeUntilNextTimer);

        Assert.Equal(["remove", "Initialize->Backup"], router.Instance.Start().Select(SingleRouter.Describe));
    }

    private static VrrpRejection Rejection(IReadOnlyList<VrrpCommand> commands) =>
        Assert.IsType<AdvertisementRejected>(Assert.Single(commands)).Reason;
}
