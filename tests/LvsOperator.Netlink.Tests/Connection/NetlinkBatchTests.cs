using System.Buffers;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Connection;

public class NetlinkBatchTests
{
    private static byte[] Requests(int count)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new NetlinkWriter(buffer);
        for (int i = 0; i < count; i++)
        {
            using (writer.BeginMessage(0x20, NetlinkMessageFlags.Request))
            {
                writer.WriteGenericHeader(1, 1);
                writer.WriteUInt32(1, (uint)i);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A kernel as netlink_rcv_skb behaves: runs each request in order, fails those whose value is a
    /// multiple of 7 with EEXIST, and answers a request only if it failed or asked for an ACK.
    /// </summary>
    private static IEnumerable<byte[]> AckAll(byte[] datagram)
    {
        foreach ((NetlinkMessageHeader header, byte[] payload) in ScriptedTransport.Requests(datagram))
        {
            uint value = BitConverter.ToUInt32(payload, 8);
            int errno = value % 7 == 0 ? Errnos.EEXIST : 0;
            if (errno != 0 || header.Flags.HasFlag(NetlinkMessageFlags.Ack))
            {
                yield return Replies.Error(header.Sequence, errno);
            }
        }
    }

    [Fact]
    public async Task Many_requests_share_a_send_and_each_gets_its_outcome()
    {
        var transport = new ScriptedTransport(AckAll);
        var connection = new NetlinkConnection(transport, new NetlinkConnectionOptions { MaxBatchMessages = 400 });
        NetlinkBatchResult result = await connection.ExecuteBatchAsync(Requests(1000));

        Assert.Equal(3, transport.Sent.Count); // 400 + 400 + 200 per sendmsg
        Assert.Equal(400, ScriptedTransport.Requests(transport.Sent[0]).Count);
        Assert.Equal(1000, result.Count);
        Assert.Equal(143, result.FailureCount); // 0, 7, ..., 994
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(i % 7 == 0 ? Errnos.EEXIST : 0, result.GetErrno(i));
        }

        List<uint> sequences = [.. transport.Sent.SelectMany(ScriptedTransport.Requests).Select(r => r.Header.Sequence)];
        Assert.Equal(Enumerable.Range((int)sequences[0], 1000).Select(s => (uint)s), sequences);
        // Only the last request of each window asks for an ACK.
        foreach (byte[] sent in transport.Sent)
        {
            List<(NetlinkMessageHeader Header, byte[] Payload)> window = ScriptedTransport.Requests(sent);
            Assert.All(window[..^1], r => Assert.False(r.Header.Flags.HasFlag(NetlinkMessageFlags.Ack)));
            Assert.True(window[^1].Header.Flags.HasFlag(NetlinkMessageFlags.Ack));
        }
    }

    [Fact]
    public async Task Errors_and_the_final_ack_may_share_a_datagram()
    {
        var transport = new ScriptedTransport(d => [Replies.Concat([.. AckAll(d)])]);
        var connection = new NetlinkConnection(transport, new NetlinkConnectionOptions());
        NetlinkBatchResult result = await connection.ExecuteBatchAsync(Requests(50));
        Assert.Equal(8, result.FailureCount);
        Assert.Equal(Errnos.EEXIST, result.GetErrno(49));
        Assert.Equal(0, result.GetErrno(48));
    }

    [Fact]
    public async Task The_byte_limit_splits_windows_too()
    {
        var transport = new ScriptedTransport(AckAll);
        var connection = new NetlinkConnection(transport, new NetlinkConnectionOptions { MaxBatchBytes = 28 * 10 });
        await connection.ExecuteBatchAsync(Requests(25));
        Assert.Equal(3, transport.Sent.Count);
    }

    [Fact]
    public async Task A_lost_final_ack_times_out_rather_than_hang()
    {
        var transport = new ScriptedTransport(d => AckAll(d).SkipLast(1));
        var connection = new NetlinkConnection(transport, new NetlinkConnectionOptions());
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => connection.ExecuteBatchAsync(Requests(5)));
        Assert.Equal(Errnos.ETIMEDOUT, e.Errno);
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing()
    {
        var transport = new ScriptedTransport(AckAll);
        var connection = new NetlinkConnection(transport, new NetlinkConnectionOptions());
        Assert.Equal(0, (await connection.ExecuteBatchAsync(ReadOnlyMemory<byte>.Empty)).Count);
        Assert.Empty(transport.Sent);
    }
}
