using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Cli;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Node.Ledger;

namespace LvsOperator.Kernel.Tests;

/// <summary>
/// <c>lvsctl list</c> against <c>ipvsadm -L -n</c> (1.31 in the lab) on the same table in the same
/// namespace: the same lines, byte for byte. lvsctl runs in-process on the namespace thread.
/// </summary>
public sealed class ListCommandTests : KernelFixture
{
    /// <summary>
    /// Every kind of line: NAT, DR and TUN (ipip and gue, and an IPv6 tunnel destination of an IPv4
    /// service), weights 0 and 65535, thresholds, persistence with a netmask (IPv4 and IPv6), a port-0
    /// service, sh and mh scheduler flags, generic flags, one-packet UDP, SCTP, a persistence engine,
    /// IPv6 and IPv4-mapped VIPs, firewall marks of both families. IPv4 addresses that ipvsadm sorts
    /// against each other are less than 2^31 apart, where its comparison is consistent (see
    /// <see cref="Ipvsadm_sorts_addresses_far_apart_the_wrong_way_round_and_lvsctl_numerically"/>).
    /// </summary>
    private const string Table = """
        -A -t 192.0.2.1:80 -s wrr -p 60 -M 255.255.255.0
        -a -t 192.0.2.1:80 -r 198.18.0.3:80 -g -w 3 -x 100 -y 50
        -a -t 192.0.2.1:80 -r 198.18.0.2:80 -i -w 0
        -A -t 192.0.2.2:443 -s rr
        -a -t 192.0.2.2:443 -r 198.18.1.2:8443 -m -w 65535
        -a -t 192.0.2.2:443 -r 198.18.0.20:8443 -m -x 5000
        -a -t 192.0.2.2:443 -r 198.18.0.4:8443 -m -w 7 -x 9 -y 7
        -A -t 192.0.2.3:80 -s rr -b flag-1,flag-3
        -A -t 192.0.2.6:80 -s lc
        -a -t 192.0.2.6:80 -r [2001:db8:ffff::1]:80 -i
        -a -t 192.0.2.6:80 -r 198.18.0.7:80 -i --tun-type gue --tun-port 6080
        -A -t 192.0.2.7:0 -s rr -p 30
        -A -u 192.0.2.1:53 -s sh -b sh-fallback,sh-port -o
        -a -u 192.0.2.1:53 -r 198.18.0.2:53 -g
        -A -u 192.0.2.2:53 -s mh -b mh-fallback,mh-port
        -A -u 192.0.2.5:5060 -s rr -p 60 --pe sip
        -A --sctp-service 192.0.2.1:3868 -s rr
        -a --sctp-service 192.0.2.1:3868 -r 198.18.0.5:3868 -m -w 2
        -A -t [2001:db8::1]:80 -s wlc -p 300 -M 64
        -a -t [2001:db8::1]:80 -r [2001:db8:0:ffff::1234]:80 -g -w 2
        -a -t [2001:db8::1]:80 -r [2001:db8::2]:8080 -m
        -A -t [::ffff:192.0.2.1]:80 -s rr
        -A -f 7 -s rr -p
        -a -f 7 -r 198.18.0.9:0 -g
        -A -f 8 -6 -s rr
        -a -f 8 -6 -r [fd00::9]:0 -g
        -A -f 3 -s dh

        """;

    [Fact]
    public Task An_empty_table_lists_as_ipvsadm_lists_it() => InNamespaceAsync(() =>
    {
        Assert.Equal(Witness("ipvsadm", "-L", "-n"), Lvsctl("list", "--state-dir", NoLedger()));
        return Task.CompletedTask;
    });

    [Theory]
    [InlineData("")]
    [InlineData("--stats")]
    [InlineData("--rate")]
    [InlineData("--thresholds")]
    [InlineData("--persistent-conn")]
    public Task Lists_every_kind_of_service_exactly_as_ipvsadm(string view) => InNamespaceAsync(() =>
    {
        Restore(Table);
        string[] option = view.Length == 0 ? [] : [view];
        var expected = Witness("ipvsadm", ["-L", "-n", .. option]);
        Assert.Equal(expected, Lvsctl(["list", "--state-dir", NoLedger(), .. option]));
        // Version, two titles, 14 services and 13 real servers.
        Assert.Equal(30, expected.Count(c => c == '\n'));
        return Task.CompletedTask;
    });

    [Fact]
    public Task Marks_the_services_the_ledger_owns_and_their_real_servers_and_nothing_else() => InNamespaceAsync(() =>
    {
        Restore(Table);
        var stateDir = NoLedger();
        var owned = ImmutableHashSet.Create<ServiceKey>(
            new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.2"), 443),
            new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("2001:db8::1"), 80),
            new FirewallMarkKey(8, AddressFamily.InterNetworkV6),
            // In the ledger but no longer in the kernel: nothing to mark.
            new VirtualAddressKey(Protocol.Udp, IPAddress.Parse("192.0.2.99"), 53));
        new LedgerStore(stateDir).Save(OwnedState.Empty with { Services = owned });

        var listed = Lvsctl("list", "--state-dir", stateDir);

        var ipvsadm = Witness("ipvsadm", "-L", "-n");
        Assert.Equal(ipvsadm, listed.Replace(" [lvs]\n", "\n", StringComparison.Ordinal));
        string[] ownedServices = ["TCP  192.0.2.2:443 rr", "TCP  [2001:db8::1]:80 wlc persistent 300 mask 64", "FWM  8 IPv6 rr"];
        var expected = ipvsadm.Split('\n')
            .Aggregate((Lines: new List<string>(), Owned: false), (state, line) =>
            {
                var owned = line.StartsWith("  -> ", StringComparison.Ordinal) ? state.Owned : ownedServices.Contains(line);
                if (owned) state.Lines.Add(line + " [lvs]");
                return (state.Lines, owned);
            }).Lines;
        Assert.Equal(9, expected.Count);
        Assert.Equal(expected, listed.Split('\n').Where(l => l.EndsWith(" [lvs]", StringComparison.Ordinal)));
        return Task.CompletedTask;
    });

    /// <summary>
    /// Real traffic in the namespace: local clients to local VIPs with local real servers (NAT), TCP
    /// over IPv4 and IPv6 and UDP with persistence, so counters, connection counts and connection
    /// entries (a persistence template among them) are not zero. The TCP connections stay open while
    /// both tools read, so nothing changes in between but the seconds to expiry, which are masked.
    /// </summary>
    [Fact]
    public Task Lists_live_counters_and_connections_as_ipvsadm() => InNamespaceAsync(() =>
    {
        Witness("ip", "addr", "add", "192.0.2.100/32", "dev", "lo");
        Witness("ip", "addr", "add", "2001:db8::100/128", "dev", "lo", "nodad");
        Restore("""
            -A -t 192.0.2.100:80 -s rr
            -a -t 192.0.2.100:80 -r 127.0.0.1:8080 -m
            -a -t 192.0.2.100:80 -r 192.0.2.100:8081 -m -w 2
            -A -u 192.0.2.100:9 -s rr -p 120
            -a -u 192.0.2.100:9 -r 192.0.2.100:9009 -m
            -A -t [2001:db8::100]:80 -s rr
            -a -t [2001:db8::100]:80 -r [2001:db8::100]:8082 -m

            """);
        using var traffic = new Traffic();
        traffic.Tcp(new IPEndPoint(IPAddress.Parse("192.0.2.100"), 80), 4);
        traffic.Tcp(new IPEndPoint(IPAddress.Parse("2001:db8::100"), 80), 1);
        traffic.Udp(new IPEndPoint(IPAddress.Parse("192.0.2.100"), 9), 5);
        // The kernel folds per-CPU counters every 2 s: wait for the connections to show.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Witness("ipvsadm", "-L", "-n", "--stats").Contains("TCP  192.0.2.100:80                      4", StringComparison.Ordinal)
               && DateTime.UtcNow < deadline)
            Thread.Sleep(100);

        AssertSameAsIpvsadm(["--stats"], ["--stats"]);
        Assert.Contains("TCP  192.0.2.100:80                      4", Witness("ipvsadm", "-L", "-n", "--stats"), StringComparison.Ordinal);
        AssertSameAsIpvsadm([], []);
        AssertSameAsIpvsadm(["--persistent-conn"], ["--persistent-conn"]);

        // ipvsadm prints connections in the kernel's hash order; lvsctl sorts them.
        var connections = Witness("ipvsadm", "-L", "-n", "-c");
        var listed = Lvsctl("list", "--connections");
        Assert.Equal(Unordered(MaskExpiry(connections)), Unordered(MaskExpiry(listed)));
        // Titles, then 4 + 1 TCP connections, the UDP one and its persistence template.
        Assert.Equal(9, listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("[2001:db8::100]:80", listed, StringComparison.Ordinal);
        Assert.Contains(" NONE ", listed, StringComparison.Ordinal);
        Assert.Equal(Unordered(MaskExpiry(Witness("ipvsadm", "-L", "-n", "-c", "--persistent-conn"))),
            Unordered(MaskExpiry(Lvsctl("list", "--connections", "--persistent-conn"))));
        return Task.CompletedTask;
    });

    /// <summary>
    /// Compares lvsctl with ipvsadm on a table whose counters may move between the two reads: ipvsadm
    /// reads before and after, and only a reading that did not change in between counts.
    /// </summary>
    private void AssertSameAsIpvsadm(string[] ipvsadmOptions, string[] lvsctlOptions)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = Witness("ipvsadm", ["-L", "-n", .. ipvsadmOptions]);
            var listed = Lvsctl(["list", .. lvsctlOptions, "--state-dir", NoLedger()]);
            var after = Witness("ipvsadm", ["-L", "-n", .. ipvsadmOptions]);
            if (before == after || attempt == 10)
            {
                Assert.Equal(before, listed);
                return;
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>
    /// libipvs compares addresses as <c>int r = ntohl(a) - ntohl(b)</c>: for addresses 2^31 or more
    /// apart the difference overflows, so ipvsadm 1.31 prints 192.168.0.2 before 10.1.0.1 (and with
    /// three or more such addresses the order depends on qsort). lvsctl compares them as unsigned
    /// numbers: the same lines, in numeric order.
    /// </summary>
    [Fact]
    public Task Ipvsadm_sorts_addresses_far_apart_the_wrong_way_round_and_lvsctl_numerically() => InNamespaceAsync(() =>
    {
        Restore("""
            -A -t 10.0.0.1:443 -s rr
            -a -t 10.0.0.1:443 -r 10.1.0.1:8443 -m
            -a -t 10.0.0.1:443 -r 192.168.0.2:8443 -m
            -A -t 192.0.2.1:443 -s rr

            """);
        var ipvsadm = Witness("ipvsadm", "-L", "-n").Split('\n');
        var lvsctl = Lvsctl("list", "--state-dir", NoLedger()).Split('\n');

        Assert.Equal(ipvsadm.Order(StringComparer.Ordinal), lvsctl.Order(StringComparer.Ordinal));
        Assert.Equal(["TCP  192.0.2.1:443 rr", "TCP  10.0.0.1:443 rr", "  -> 192.168.0.2:8443", "  -> 10.1.0.1:8443"], Order(ipvsadm));
        Assert.Equal(["TCP  10.0.0.1:443 rr", "  -> 10.1.0.1:8443", "  -> 192.168.0.2:8443", "TCP  192.0.2.1:443 rr"], Order(lvsctl));

        static string[] Order(string[] lines) => [.. lines.Where(l => l.StartsWith("TCP", StringComparison.Ordinal) || l.StartsWith("  -> 1", StringComparison.Ordinal))
            .Select(l => l.StartsWith("TCP", StringComparison.Ordinal) ? l : l[..l.IndexOf(' ', 5)])];
        return Task.CompletedTask;
    });

    private void Restore(string rules)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lvsctl-list-{Guid.NewGuid():N}.rules");
        File.WriteAllText(file, rules.Replace("\r", "", StringComparison.Ordinal));
        try
        {
            Witness("sh", "-c", $"ipvsadm -R < {file}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Lvsctl(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = LvsCtl.Run(args, stdout, stderr);
        Assert.True(exit == 0, $"lvsctl {string.Join(' ', args)} exited {exit}: {stderr}");
        Assert.Equal("", stderr.ToString());
        return stdout.ToString();
    }

    /// <summary>A state directory without a ledger: nothing is marked.</summary>
    private static string NoLedger() => Path.Combine(Path.GetTempPath(), $"lvsctl-list-state-{Guid.NewGuid():N}");

    /// <summary>The expire column (<c>%-6s</c> after <c>%-3s </c>) ticks between two reads.</summary>
    private static string MaskExpiry(string listing) => string.Join('\n', listing.Split('\n').Select(l =>
        l.Length > 10 && l[6] == ':' ? l[..4] + "mm:ss " + l[10..] : l));

    /// <summary>The two title lines in place, then the entries as a sorted set.</summary>
    private static string[] Unordered(string listing)
    {
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Take(2), .. lines.Skip(2).Order(StringComparer.Ordinal)];
    }

    /// <summary>Clients and servers in the namespace (sockets bind to the namespace of the thread that creates them).</summary>
    private sealed class Traffic : IDisposable
    {
        private readonly List<Socket> _sockets = [];
        private readonly Dictionary<int, TcpListener> _listeners = [];

        public Traffic()
        {
            Listen(new IPEndPoint(IPAddress.Loopback, 8080));
            Listen(new IPEndPoint(IPAddress.Parse("192.0.2.100"), 8081));
            Listen(new IPEndPoint(IPAddress.Parse("2001:db8::100"), 8082));
        }

        /// <summary>Opens <paramref name="count"/> connections, one request and reply on each, and keeps them open.</summary>
        public void Tcp(IPEndPoint virtualService, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var client = Keep(new Socket(virtualService.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 });
                client.Connect(virtualService);
                client.Send(Encoding.ASCII.GetBytes("ping"));
                var server = Keep(AcceptAny());
                var buffer = new byte[16];
                Assert.Equal(4, server.Receive(buffer));
                server.Send(Encoding.ASCII.GetBytes("pong"));
                Assert.Equal(4, client.Receive(buffer));
            }
        }

        /// <summary>Sends datagrams from one source port; nobody answers, IPVS counts them all the same.</summary>
        public void Udp(IPEndPoint virtualService, int count)
        {
            var client = Keep(new Socket(virtualService.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
            for (var i = 0; i < count; i++) client.SendTo(new byte[100], virtualService);
        }

        public void Dispose()
        {
            foreach (var socket in _sockets) socket.Dispose();
            foreach (var listener in _listeners.Values) listener.Dispose();
        }

        private void Listen(IPEndPoint endpoint)
        {
            var listener = new TcpListener(endpoint);
            listener.Start();
            _listeners[endpoint.Port] = listener;
        }

        /// <summary>The round-robin scheduler picks the real server; accept on whichever listener got the connection.</summary>
        private Socket AcceptAny()
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                foreach (var listener in _listeners.Values)
                    if (listener.Pending()) return listener.AcceptSocket();
                Thread.Sleep(50);
            }

            throw new TimeoutException("no connection reached a real server");
        }

        private Socket Keep(Socket socket)
        {
            _sockets.Add(socket);
            return socket;
        }
    }
}
