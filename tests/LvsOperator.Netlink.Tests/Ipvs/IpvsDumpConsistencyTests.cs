using System.Net;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Ipvs;

/// <summary>
/// Kernels up to 6.12 resume service dumps by position in a table shared by every namespace, so
/// churn elsewhere makes a dump repeat or skip services without NLM_F_DUMP_INTR. A repeated
/// service marks the dump inconsistent: it is taken again, and never returned.
/// </summary>
public class IpvsDumpConsistencyTests
{
    private static byte[] ServiceReply(uint seq, int port) => Replies.Message(0x20, NetlinkMessageFlags.Multi, seq, ScriptedTransport.Port, w =>
    {
        w.WriteGenericHeader(1, 1);
        KernelIpvsEncoder.Service(w, new IpvsService(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), (ushort)port)));
    });

    private static IpvsClient Client(Func<int, int[]> portsPerDump, List<int> dumps)
    {
        var transport = new ScriptedTransport(sent =>
        {
            uint seq = ScriptedTransport.Requests(sent)[0].Header.Sequence;
            dumps.Add(1);
            return [.. portsPerDump(dumps.Count).Select(p => ServiceReply(seq, p)), Replies.Done(seq)];
        });
        return new IpvsClient(new NetlinkConnection(transport, new NetlinkConnectionOptions()), new GenericNetlinkFamily("IPVS", 0x20, 1, 0, 6));
    }

    [Fact]
    public async Task A_dump_that_repeats_a_service_is_taken_again()
    {
        var dumps = new List<int>();
        using IpvsClient client = Client(n => n == 1 ? [80, 81, 81] : [80, 81, 82], dumps);
        Assert.Equal([80, 81, 82], (await client.GetServicesAsync()).Select(s => (int)s.Key.Port));
        Assert.Equal(2, dumps.Count);
    }

    [Fact]
    public async Task A_dump_that_keeps_repeating_fails_as_interrupted()
    {
        var dumps = new List<int>();
        using IpvsClient client = Client(_ => [80, 80], dumps);
        NetlinkDumpInterruptedException e = await Assert.ThrowsAsync<NetlinkDumpInterruptedException>(() => client.GetServicesAsync());
        Assert.Equal(Errnos.EINTR, e.Errno);
        Assert.Contains("repeated", e.ExtendedAckMessage, StringComparison.Ordinal);
        Assert.Equal(3, dumps.Count);
    }
}
