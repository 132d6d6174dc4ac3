using System.Net;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Testing;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>
/// A scripted generic-netlink kernel for <see cref="ScriptedTransport"/>: it resolves the IPVS family,
/// decodes IPVS requests with the product's decoder, applies them to an <see cref="InMemoryIpvs"/>,
/// and answers with kernel-shaped replies and acks. Lets the whole client and codec run on a host
/// without IPVS.
/// </summary>
internal sealed class FakeIpvsKernel
{
    public const ushort FamilyId = 0x2a;

    public InMemoryIpvs Table { get; } = new();

    public int Datagrams { get; private set; }

    public IEnumerable<byte[]> Handle(byte[] datagram)
    {
        Datagrams++;
        var replies = new List<byte[]>();
        foreach ((NetlinkMessageHeader header, byte[] payload) in ScriptedTransport.Requests(datagram))
        {
            replies.AddRange(Answer(header, payload));
        }

        return replies;
    }

    private IEnumerable<byte[]> Answer(NetlinkMessageHeader header, byte[] payload)
    {
        uint seq = header.Sequence;
        if (header.Type == 0x10)
        {
            yield return Replies.Message(0x10, 0, seq, ScriptedTransport.Port, w =>
            {
                w.WriteGenericHeader(1, 2);
                w.WriteString(2, "IPVS");
                w.WriteUInt16(1, FamilyId);
                w.WriteUInt32(3, 1);
                w.WriteUInt32(4, 0);
                w.WriteUInt32(5, 6);
            });
            yield return Replies.Error(seq, 0);
            yield break;
        }

        byte command = payload[0];
        bool dump = header.Flags.HasFlag(NetlinkMessageFlags.Dump);
        var request = new NetlinkMessage(header, payload);
        List<byte[]> data = [];
        int errno = 0;
        try
        {
            data = Execute(command, request, seq, dump);
        }
        catch (NetlinkException e)
        {
            errno = e.Errno;
        }

        foreach (byte[] reply in data)
        {
            yield return reply;
        }

        if (dump && errno == 0)
        {
            yield return Replies.Done(seq);
        }
        else if (errno != 0 || header.Flags.HasFlag(NetlinkMessageFlags.Ack))
        {
            yield return Replies.Error(seq, errno);
        }
    }

    private List<byte[]> Execute(byte command, NetlinkMessage request, uint seq, bool dump)
    {
        NetlinkMessageFlags multi = dump ? NetlinkMessageFlags.Multi : 0;
        byte[] Reply(byte cmd, Action<NetlinkWriter> body) => Replies.Message(FamilyId, multi, seq, ScriptedTransport.Port, w =>
        {
            w.WriteGenericHeader(cmd, 1);
            body(w);
        });

        switch (command)
        {
            case IpvsNetlink.IPVS_CMD_GET_INFO:
                IpvsInfo info = Table.GetInfoAsync().Result;
                return [Reply(14, w => { w.WriteUInt32(1, info.Version); w.WriteUInt32(2, info.ConnectionTableSize); })];
            case IpvsNetlink.IPVS_CMD_GET_CONFIG:
                IpvsTimeouts t = Table.GetTimeoutsAsync().Result;
                return [Reply(12, w => { w.WriteUInt32(4, t.Tcp); w.WriteUInt32(5, t.TcpFin); w.WriteUInt32(6, t.Udp); })];
            case IpvsNetlink.IPVS_CMD_SET_CONFIG:
                IpvsTimeouts set = IpvsDecoder.Timeouts(request);
                Wait(Table.SetTimeoutsAsync(set));
                return [];
            case IpvsNetlink.IPVS_CMD_GET_SERVICE when dump:
                return [.. Table.GetServicesAsync().Result.Select(s => Reply(1, w => KernelIpvsEncoder.Service(w, s)))];
            case IpvsNetlink.IPVS_CMD_GET_SERVICE:
                IpvsService one = Wait(Table.GetServiceAsync(ServiceOf(request).Key));
                return [Reply(1, w => KernelIpvsEncoder.Service(w, one))];
            case IpvsNetlink.IPVS_CMD_NEW_SERVICE:
                Wait(Table.AddServiceAsync(ServiceOf(request)));
                return [];
            case IpvsNetlink.IPVS_CMD_SET_SERVICE:
                Wait(Table.UpdateServiceAsync(ServiceOf(request)));
                return [];
            case IpvsNetlink.IPVS_CMD_DEL_SERVICE:
                Wait(Table.DeleteServiceAsync(ServiceOf(request).Key));
                return [];
            case IpvsNetlink.IPVS_CMD_GET_DEST:
                return [.. Table.GetDestinationsAsync(ServiceOf(request).Key).Result.Select(d => Reply(5, w => KernelIpvsEncoder.Destination(w, d)))];
            case IpvsNetlink.IPVS_CMD_NEW_DEST:
                Wait(Table.AddDestinationAsync(ServiceOf(request).Key, DestinationOf(request)));
                return [];
            case IpvsNetlink.IPVS_CMD_SET_DEST:
                Wait(Table.UpdateDestinationAsync(ServiceOf(request).Key, DestinationOf(request)));
                return [];
            case IpvsNetlink.IPVS_CMD_DEL_DEST:
                Wait(Table.DeleteDestinationAsync(ServiceOf(request).Key, DestinationOf(request).Key));
                return [];
            case IpvsNetlink.IPVS_CMD_GET_DAEMON:
                return [.. Table.GetSyncDaemonsAsync().Result.Select(d => Reply(9, w => KernelIpvsEncoder.Daemon(w, d)))];
            case IpvsNetlink.IPVS_CMD_NEW_DAEMON:
                Wait(Table.StartSyncDaemonAsync(IpvsDecoder.Daemon(request)));
                return [];
            case IpvsNetlink.IPVS_CMD_DEL_DAEMON:
                Wait(Table.StopSyncDaemonAsync(StateOf(request)));
                return [];
            default:
                throw new NetlinkException(Errnos.EOPNOTSUPP, "fake kernel", null);
        }
    }

    private static IpvsService ServiceOf(NetlinkMessage request)
    {
        IpvsService service = IpvsDecoder.Service(request);
        return service.Scheduler.Length == 0 ? service with { Scheduler = "wlc" } : service;
    }

    private static IpvsDestination DestinationOf(NetlinkMessage request) =>
        IpvsDecoder.Destination(request, IpvsDecoder.Service(request).Key.Family);

    private static IpvsSyncState StateOf(NetlinkMessage request)
    {
        foreach (NetlinkAttribute attribute in request.GetAttributes(4))
        {
            foreach (NetlinkAttribute inner in attribute.GetNested())
            {
                if (inner.Type == 1)
                {
                    return (IpvsSyncState)inner.GetUInt32();
                }
            }
        }

        throw new NetlinkException(Errnos.EINVAL, "fake kernel", null);
    }

    private static T Wait<T>(Task<T> task)
    {
        Wait((Task)task);
        return task.Result;
    }

    private static void Wait(Task task)
    {
        if (task.IsFaulted)
        {
            throw task.Exception!.InnerException!;
        }
    }

    /// <summary>A loopback address, for tests that do not care.</summary>
    public static IPAddress Any => IPAddress.Loopback;
}
