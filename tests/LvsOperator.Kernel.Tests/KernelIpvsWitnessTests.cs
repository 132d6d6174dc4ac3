using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Route;

namespace LvsOperator.Kernel.Tests;

/// <summary>IPVS through the adapter, checked by ipvsadm (and the other way round).</summary>
public sealed class KernelIpvsWitnessTests : KernelFixture
{
    private static readonly IpvsServiceKey Tcp4 = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);

    private string Ipvsadm(params string[] arguments) => Witness("ipvsadm", arguments);

    private static void Listed(string pattern, string listing) => Assert.True(Regex.IsMatch(listing, pattern), $"/{pattern}/ not in:\n{listing}");

    [Fact]
    public Task What_the_adapter_programs_ipvsadm_lists() => InNamespaceAsync(async () =>
    {
        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        await ipvs.AddServiceAsync(new IpvsService(Tcp4) { Scheduler = "wrr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 60, Netmask = 0xFFFFFF00 });
        await ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(IPAddress.Parse("198.18.0.2"), 8080) { Weight = 70000 });
        await ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(IPAddress.Parse("198.18.0.3"), 80) { ForwardingMethod = IpvsForwardingMethod.DirectRoute, Weight = 0 });
        await ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(IPAddress.Parse("198.18.0.4"), 80) { ForwardingMethod = IpvsForwardingMethod.Tunnel, UpperThreshold = 100, LowerThreshold = 10 });
        var v6 = IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("2001:db8::1"), 53);
        await ipvs.AddServiceAsync(new IpvsService(v6) { Scheduler = "mh", Flags = IpvsServiceFlags.MaglevPort | IpvsServiceFlags.OnePacket });
        await ipvs.AddDestinationAsync(v6, new IpvsDestination(IPAddress.Parse("2001:db8:1::2"), 5353));
        await ipvs.AddServiceAsync(new IpvsService(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 7)) { Scheduler = "sh", Flags = IpvsServiceFlags.SourceHashFallback });

        string list = Ipvsadm("-Ln");
        Assert.Contains("TCP  192.0.2.1:80 wrr persistent 60 mask 255.255.255.0", list, StringComparison.Ordinal);
        Listed(@"-> 198\.18\.0\.2:8080\s+Masq\s+70000", list);
        Listed(@"-> 198\.18\.0\.3:80\s+Route\s+0", list);
        Listed(@"-> 198\.18\.0\.4:80\s+Tunnel\s+1", list);
        Listed(@"UDP  \[2001:db8::1\]:53 mh \(mh-port\) ops", list);
        Listed(@"-> \[2001:db8:1::2\]:5353\s+Masq\s+1", list);
        Listed(@"FWM  7 sh \(sh-fallback\)", list);
        Listed(@"-> 198\.18\.0\.4:80\s+100\s+10\s", Ipvsadm("-Ln", "--thresholds"));
    });

    [Fact]
    public Task What_ipvsadm_programs_the_adapter_reads() => InNamespaceAsync(async () =>
    {
        Ipvsadm("-A", "-t", "192.0.2.1:80", "-s", "sh", "-b", "sh-port", "-p", "300", "-M", "255.255.0.0");
        Ipvsadm("-a", "-t", "192.0.2.1:80", "-r", "198.18.0.2:80", "-g", "-w", "7", "-x", "50", "-y", "5");
        Ipvsadm("-a", "-t", "192.0.2.1:80", "-r", "198.18.0.6:80", "-i", "--tun-type", "gue", "--tun-port", "6080", "--tun-csum");
        Ipvsadm("-A", "-f", "9", "-6", "-s", "rr");

        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        IReadOnlyList<IpvsService> services = await ipvs.GetServicesAsync();
        Assert.Equal(2, services.Count);
        IpvsService tcp = Assert.Single(services, s => s.Key == Tcp4);
        Assert.Equal(("sh", IpvsServiceFlags.Persistent | IpvsServiceFlags.SourceHashPort | IpvsServiceFlags.Hashed, 300u, 0xFFFF0000u), (tcp.Scheduler, tcp.Flags, tcp.PersistenceTimeout, tcp.Netmask));
        Assert.Contains(services, s => s.Key == IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 9));

        IReadOnlyList<IpvsDestination> destinations = await ipvs.GetDestinationsAsync(Tcp4);
        IpvsDestination dr = Assert.Single(destinations, d => d.Address.Equals(IPAddress.Parse("198.18.0.2")));
        Assert.Equal((IpvsForwardingMethod.DirectRoute, 7, 50u, 5u), (dr.ForwardingMethod, dr.Weight, dr.UpperThreshold, dr.LowerThreshold));
        IpvsDestination gue = Assert.Single(destinations, d => d.Address.Equals(IPAddress.Parse("198.18.0.6")));
        Assert.Equal((IpvsForwardingMethod.Tunnel, IpvsTunnelType.Gue, (ushort)6080, IpvsTunnelFlags.Checksum), (gue.ForwardingMethod, gue.TunnelType, gue.TunnelPort, gue.TunnelFlags));
    });

    [Fact]
    public Task Timeouts_and_sync_daemons_agree_with_ipvsadm() => InNamespaceAsync(async () =>
    {
        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        await ipvs.SetTimeoutsAsync(new IpvsTimeouts(600, 60, 30));
        Assert.Contains("Timeout (tcp tcpfin udp): 600 60 30", Ipvsadm("-L", "--timeout"), StringComparison.Ordinal);
        Ipvsadm("--set", "700", "0", "40");
        Assert.Equal(new IpvsTimeouts(700, 60, 40), await ipvs.GetTimeoutsAsync());

        await ipvs.StartSyncDaemonAsync(new IpvsSyncDaemon(IpvsSyncState.Master, "lo", 6)
        {
            SyncMaxLength = 1400, MulticastGroup = IPAddress.Parse("239.255.0.1"), MulticastPort = 8849, MulticastTtl = 2,
        });
        string daemons = Ipvsadm("-L", "--daemon");
        Assert.Contains("master sync daemon (mcast=lo, syncid=6, maxlen=1400, group=239.255.0.1, port=8849, ttl=2)", daemons, StringComparison.Ordinal);

        Ipvsadm("--start-daemon", "backup", "--mcast-interface", "lo", "--syncid", "3");
        IpvsSyncDaemon backup = Assert.Single(await ipvs.GetSyncDaemonsAsync(), d => d.State == IpvsSyncState.Backup);
        Assert.Equal(("lo", 3u, IPAddress.Parse("224.0.0.81"), (ushort?)8848, (byte?)1), (backup.MulticastInterface, backup.SyncId, backup.MulticastGroup, backup.MulticastPort, backup.MulticastTtl));
        await ipvs.StopSyncDaemonAsync(IpvsSyncState.Master);
        await ipvs.StopSyncDaemonAsync(IpvsSyncState.Backup);
        Assert.DoesNotContain("sync daemon", Ipvsadm("-L", "--daemon"), StringComparison.Ordinal);
    });

    [Fact]
    public Task A_large_table_is_batched_in_and_dumped_out_whole() => InNamespaceAsync(async () =>
    {
        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        var operations = new List<IpvsOperation>();
        for (int s = 0; s < 1000; s++)
        {
            IpvsServiceKey key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse($"10.{s / 256}.{s % 256}.1"), 80);
            operations.Add(IpvsOperation.AddService(new IpvsService(key) { Scheduler = "wrr" }));
            for (int d = 0; d < 5; d++)
            {
                operations.Add(IpvsOperation.AddDestination(key, new IpvsDestination(IPAddress.Parse($"198.18.{d}.{s % 250 + 1}"), 8080) { Weight = d + 1 }));
            }
        }

        IpvsBatchResult result = await ipvs.ExecuteAsync(operations);
        Assert.Equal(0, result.FailureCount);
        IReadOnlyList<IpvsService> services = await ipvs.GetServicesAsync();
        Assert.Equal(1000, services.Count);
        int destinations = 0;
        foreach (IpvsService service in services)
        {
            destinations += (await ipvs.GetDestinationsAsync(service.Key)).Count;
        }

        Assert.Equal(5000, destinations);
        string[] lines = Ipvsadm("-Ln").Split('\n');
        Assert.Equal(1000, lines.Count(l => l.StartsWith("TCP ", StringComparison.Ordinal)));
        Assert.Equal(5000, lines.Count(l => l.Contains("-> 198.18.", StringComparison.Ordinal)));
    });

    [Fact]
    public Task Traffic_shows_up_in_64_bit_statistics() => InNamespaceAsync(async () =>
    {
        IPAddress vip = IPAddress.Parse("10.0.0.1");
        using (RouteNetlinkClient route = RouteNetlinkClient.Open())
        {
            await route.AddVirtualAddressAsync((await route.GetLinkAsync("lo")).Index, vip);
        }

        using var listener = new TcpListener(vip, 8080);
        listener.Start();
        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        IpvsServiceKey key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, vip, 80);
        await ipvs.AddServiceAsync(new IpvsService(key) { Scheduler = "rr" });
        await ipvs.AddDestinationAsync(key, new IpvsDestination(vip, 8080));

        for (int i = 0; i < 3; i++)
        {
            using var client = new TcpClient();
            Task<TcpClient> accept = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(vip, 80);
            using TcpClient server = await accept;
            await client.GetStream().WriteAsync(new byte[1000]);
            byte[] got = new byte[1000];
            await server.GetStream().ReadExactlyAsync(got);
        }

        // Counters are per-CPU and folded into what netlink reports by the estimator, every 2 s.
        IpvsStats stats = IpvsStats.Zero;
        for (int i = 0; i < 50 && stats.Connections < 3; i++)
        {
            await Task.Delay(200);
            stats = (await ipvs.GetServiceAsync(key)).Stats!;
        }

        Assert.Equal(3ul, stats.Connections);
        Assert.True(stats.InPackets >= 9, stats.ToString());
        Assert.True(stats.InBytes >= 3000, stats.ToString());
        IpvsDestination destination = Assert.Single(await ipvs.GetDestinationsAsync(key));
        Assert.Equal(3ul, destination.Stats!.Connections);
        Assert.True(destination.ActiveConnections + destination.InactiveConnections >= 1);
        Assert.Matches(@"TCP  10\.0\.0\.1:80\s+3\s+", Ipvsadm("-Ln", "--stats"));
    });
}
