using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Route;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Golden;

/// <summary>Every message a real kernel sent in the captures parses, and says what the command did.</summary>
public class CapturedReplyTests
{
    public static TheoryData<string> Folders => [.. CapturedConversation.KernelFolders().Select(f => Path.GetFileName(f))];

    private static string FolderPath(string name) =>
        CapturedConversation.KernelFolders().Single(f => Path.GetFileName(f) == name);

    [Theory]
    [MemberData(nameof(Folders))]
    public void Every_kernel_message_parses(string folder)
    {
        int parsed = 0;
        foreach (CapturedConversation capture in CapturedConversation.LoadAll(FolderPath(folder)))
        {
            foreach (CapturedMessage message in capture.Messages.Where(m => m.FromKernel))
            {
                Parse(capture, message);
                parsed++;
            }
        }

        Assert.True(parsed > 300, $"only {parsed} kernel messages");
    }

    private static void Parse(CapturedConversation capture, CapturedMessage captured)
    {
        foreach (NetlinkMessage message in new NetlinkMessageEnumerator(captured.Bytes))
        {
            ushort type = message.Header.Type;
            if (type == NetlinkMessageType.Error)
            {
                (int errno, string? text) = NetlinkErrorMessage.ParseError(message);
                Assert.Equal(captured.SummaryErrno, errno);
                if (errno != 0 && capture.Kernel.StartsWith("6.12", StringComparison.Ordinal) && captured.Protocol == "NETLINK_ROUTE" && captured.Summary.Contains("ACK_TLVS", StringComparison.Ordinal))
                {
                    Assert.False(string.IsNullOrEmpty(text));
                }
            }
            else if (type == NetlinkMessageType.Done)
            {
                Assert.Equal(0, NetlinkErrorMessage.ParseDone(message).Errno);
            }
            else if (captured.Protocol == "NETLINK_GENERIC" && type == GenericNetlink.GENL_ID_CTRL)
            {
                GenericNetlinkFamily family = GenericNetlinkFamily.Parse(message);
                Assert.Equal(("IPVS", capture.IpvsFamilyId, 1u), (family.Name, family.Id, family.Version));
            }
            else if (captured.Protocol == "NETLINK_GENERIC" && type == capture.IpvsFamilyId)
            {
                _ = message.Payload[0] switch
                {
                    IpvsNetlink.IPVS_CMD_NEW_SERVICE => (object)IpvsDecoder.Service(message),
                    IpvsNetlink.IPVS_CMD_NEW_DEST => IpvsDecoder.Destination(message, AddressFamily.InterNetwork),
                    IpvsNetlink.IPVS_CMD_NEW_DAEMON => IpvsDecoder.Daemon(message),
                    IpvsNetlink.IPVS_CMD_SET_INFO => IpvsDecoder.Info(message),
                    IpvsNetlink.IPVS_CMD_SET_CONFIG => IpvsDecoder.Timeouts(message),
                    byte other => throw new Xunit.Sdk.XunitException($"{capture.Name}: unexpected IPVS reply command {other}"),
                };
            }
            else if (type == RouteNetlink.RTM_NEWLINK)
            {
                Assert.NotEmpty(RouteDecoder.Link(message).Name);
            }
            else if (type == RouteNetlink.RTM_NEWADDR)
            {
                Assert.NotNull(RouteDecoder.Address(message).Address);
            }
            else
            {
                throw new Xunit.Sdk.XunitException($"{capture.Name}: unexpected kernel message type {type}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task A_captured_service_dump_replays_through_the_client(string folder)
    {
        CapturedConversation capture = CapturedConversation.Load("ipvs-list", FolderPath(folder));
        using IpvsClient client = Replay(capture, IpvsNetlink.IPVS_CMD_GET_SERVICE);
        IReadOnlyList<IpvsService> services = await client.GetServicesAsync();

        Assert.Equal(14, services.Count);
        IpvsService tcp4 = Assert.Single(services, s => s.Key == IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80));
        Assert.Equal(("rr", IpvsServiceFlags.Hashed), (tcp4.Scheduler, tcp4.Flags));
        IpvsService persistent = Assert.Single(services, s => s.Key.Port == 443 && s.Key.Family == AddressFamily.InterNetwork);
        Assert.Equal(("wrr", IpvsServiceFlags.Persistent | IpvsServiceFlags.Hashed, 120u, 0xFFFFFF00u), (persistent.Scheduler, persistent.Flags, persistent.PersistenceTimeout, persistent.Netmask));
        IpvsService persistent6 = Assert.Single(services, s => s.Key.Port == 443 && s.Key.Family == AddressFamily.InterNetworkV6);
        Assert.Equal(64u, persistent6.Netmask);
        Assert.Equal("sip", Assert.Single(services, s => s.Key.Port == 5060).PersistenceEngine);
        Assert.Equal(IpvsServiceFlags.SourceHashFallback | IpvsServiceFlags.SourceHashPort | IpvsServiceFlags.Hashed, Assert.Single(services, s => s.Scheduler == "sh").Flags);
        Assert.Contains(services, s => s.Key == IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 2));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task A_captured_destination_dump_replays_through_the_client(string folder)
    {
        CapturedConversation capture = CapturedConversation.Load("ipvs-list-one-service", FolderPath(folder));
        using IpvsClient client = Replay(capture, IpvsNetlink.IPVS_CMD_GET_DEST);
        IReadOnlyList<IpvsDestination> destinations = await client.GetDestinationsAsync(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80));

        Assert.Equal(6, destinations.Count);
        IpvsDestination drained = Assert.Single(destinations, d => d.Address.Equals(IPAddress.Parse("198.18.0.2")));
        Assert.Equal((IpvsForwardingMethod.DirectRoute, 0), (drained.ForwardingMethod, drained.Weight));
        IpvsDestination thresholds = Assert.Single(destinations, d => d.Address.Equals(IPAddress.Parse("198.18.0.5")));
        Assert.Equal((5, 2000u, 200u), (thresholds.Weight, thresholds.UpperThreshold, thresholds.LowerThreshold));
        IpvsDestination gue = Assert.Single(destinations, d => d.Address.Equals(IPAddress.Parse("198.18.0.6")));
        Assert.Equal((IpvsForwardingMethod.Tunnel, IpvsTunnelType.Gue, (ushort)6080), (gue.ForwardingMethod, gue.TunnelType, gue.TunnelPort));
        IpvsDestination gre = Assert.Single(destinations, d => d.Address.Equals(IPAddress.Parse("198.18.0.7")));
        Assert.Equal((IpvsTunnelType.Gre, IpvsTunnelFlags.Checksum), (gre.TunnelType, gre.TunnelFlags));
        Assert.Equal(8080, Assert.Single(destinations, d => d.Address.Equals(IPAddress.Parse("198.18.0.3"))).Port);
        Assert.All(destinations, d => Assert.NotNull(d.Stats));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Captured_info_timeouts_and_daemons_replay(string folder)
    {
        string path = FolderPath(folder);
        using (IpvsClient info = Replay(CapturedConversation.Load("ipvs-list", path), IpvsNetlink.IPVS_CMD_GET_INFO))
        {
            Assert.Equal(new IpvsInfo(0x010201, 4096), await info.GetInfoAsync());
        }

        using (IpvsClient timeouts = Replay(CapturedConversation.Load("ipvs-list-timeouts", path), IpvsNetlink.IPVS_CMD_GET_CONFIG))
        {
            Assert.Equal(new IpvsTimeouts(900, 120, 300), await timeouts.GetTimeoutsAsync());
        }

        using (IpvsClient daemons = Replay(CapturedConversation.Load("ipvs-list-daemon-options", path), IpvsNetlink.IPVS_CMD_GET_DAEMON))
        {
            IReadOnlyList<IpvsSyncDaemon> list = await daemons.GetSyncDaemonsAsync();
            IpvsSyncDaemon master = Assert.Single(list, d => d.State == IpvsSyncState.Master);
            Assert.Equal(("lo", 6u, (ushort?)1400, (ushort?)8849, (byte?)2), (master.MulticastInterface, master.SyncId, master.SyncMaxLength, master.MulticastPort, master.MulticastTtl));
            Assert.Equal(IPAddress.Parse("239.255.0.1"), master.MulticastGroup);
            Assert.Equal(("lo", 5u), Assert.Single(list, d => d.State == IpvsSyncState.Backup) is var b ? (b.MulticastInterface, b.SyncId) : default);
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Captured_errors_replay_as_typed_exceptions(string folder)
    {
        string path = FolderPath(folder);
        using (IpvsClient exists = Replay(CapturedConversation.Load("ipvs-add-service-exists", path), IpvsNetlink.IPVS_CMD_NEW_SERVICE))
        {
            var service = new IpvsService(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80)) { Scheduler = "rr" };
            Assert.True((await Assert.ThrowsAsync<NetlinkException>(() => exists.AddServiceAsync(service))).IsAlreadyExists);
        }

        using (IpvsClient missing = Replay(CapturedConversation.Load("ipvs-del-service-missing", path), IpvsNetlink.IPVS_CMD_DEL_SERVICE))
        {
            NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => missing.DeleteServiceAsync(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.99"), 80)));
            Assert.Equal((Errnos.ESRCH, true), (e.Errno, e.IsNotFound));
        }

        using (IpvsClient missingDest = Replay(CapturedConversation.Load("ipvs-del-dest-missing", path), IpvsNetlink.IPVS_CMD_DEL_DEST))
        {
            NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => missingDest.DeleteDestinationAsync(
                IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80), new IpvsDestinationKey(IPAddress.Parse("198.18.0.99"), 80)));
            Assert.Equal((Errnos.ENOENT, true), (e.Errno, e.IsNotFound));
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task Captured_address_and_link_dumps_replay(string folder)
    {
        string path = FolderPath(folder);
        CapturedConversation addresses = CapturedConversation.Load("addr-show", path);
        using (var route = new RouteNetlinkClient(ReplayConnection(addresses, addresses.RouteRequest(RouteNetlink.RTM_GETADDR, NetlinkMessageFlags.Dump))))
        {
            IReadOnlyList<InterfaceAddress> list = await route.GetAddressesAsync();
            InterfaceAddress vip = Assert.Single(list, a => a.Address.Equals(IPAddress.Parse("192.0.2.11")));
            Assert.Equal(((byte)32, "lvs0"), (vip.PrefixLength, vip.Label));
            InterfaceAddress vip6 = Assert.Single(list, a => a.Address.Equals(IPAddress.Parse("2001:db8::11")));
            Assert.Equal((byte)128, vip6.PrefixLength);
            Assert.True(vip6.Flags.HasFlag(InterfaceAddressFlags.NoDad));
            Assert.Contains(list, a => a.Address.Equals(IPAddress.Loopback) && a.Scope == 254);
        }

        CapturedConversation links = CapturedConversation.Load("link-show", path);
        using (var route = new RouteNetlinkClient(ReplayConnection(links, links.RouteRequest(RouteNetlink.RTM_GETLINK, NetlinkMessageFlags.Dump))))
        {
            IReadOnlyList<NetworkLink> list = await route.GetLinksAsync();
            NetworkLink dummy = Assert.Single(list, l => l.Name == "lvs0");
            Assert.Equal(("dummy", true), (dummy.Kind, dummy.IsUp));
            Assert.Contains(list, l => l.Name == "lo" && l.Kind is null);
        }

        CapturedConversation exists = CapturedConversation.Load("addr-add-ip4-exists", path);
        using (var route = new RouteNetlinkClient(ReplayConnection(exists, exists.RouteRequest(RouteNetlink.RTM_NEWADDR))))
        {
            NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => route.AddAddressAsync(1, IPAddress.Parse("192.0.2.10"), 32));
            Assert.True(e.IsAlreadyExists);
            if (exists.Kernel.StartsWith("6.12", StringComparison.Ordinal))
            {
                Assert.Equal("ipv4: Address already assigned", e.ExtendedAckMessage);
            }
        }
    }

    /// <summary>A client whose "kernel" answers the next request with what the real kernel sent to ipvsadm.</summary>
    private static IpvsClient Replay(CapturedConversation capture, byte command)
    {
        NetlinkConnection connection = ReplayConnection(capture, capture.IpvsRequest(command));
        return new IpvsClient(connection, new GenericNetlinkFamily("IPVS", CapturedConversation.NormalFamilyId, 1, 0, 6));
    }

    private static NetlinkConnection ReplayConnection(CapturedConversation capture, CapturedMessage request)
    {
        List<byte[]> replies = capture.ReplyDatagrams(request);
        Assert.NotEmpty(replies);
        var transport = new ScriptedTransport(sent =>
        {
            uint sequence = ScriptedTransport.Requests(sent)[0].Header.Sequence;
            return replies.Select(d => capture.Normalize(d, sequence, ScriptedTransport.Port));
        });
        return new NetlinkConnection(transport, new NetlinkConnectionOptions());
    }
}
