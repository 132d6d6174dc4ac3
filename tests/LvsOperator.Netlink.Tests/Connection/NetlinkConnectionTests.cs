using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Connection;

public class NetlinkConnectionTests
{
    private static uint SeqOf(byte[] datagram) => ScriptedTransport.Requests(datagram)[0].Header.Sequence;

    private static (NetlinkConnection Connection, ScriptedTransport Transport) Connect(Func<byte[], IEnumerable<byte[]>> kernel, NetlinkConnectionOptions? options = null)
    {
        var transport = new ScriptedTransport(kernel);
        return (new NetlinkConnection(transport, options ?? new NetlinkConnectionOptions()), transport);
    }

    [Fact]
    public async Task A_request_is_stamped_and_completes_on_its_ack()
    {
        (NetlinkConnection connection, ScriptedTransport transport) = Connect(d => [Replies.Error(SeqOf(d), 0)]);
        await connection.RequestAsync(Replies.Request(), "op");
        await connection.RequestAsync(Replies.Request(), "op");

        NetlinkMessageHeader first = ScriptedTransport.Requests(transport.Sent[0])[0].Header;
        NetlinkMessageHeader second = ScriptedTransport.Requests(transport.Sent[1])[0].Header;
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, first.Flags);
        Assert.Equal(0u, first.PortId);
        Assert.Equal(first.Sequence + 1, second.Sequence);
    }

    [Fact]
    public async Task An_errno_becomes_a_typed_exception_with_the_extended_ack_text()
    {
        (NetlinkConnection connection, _) = Connect(d => [Replies.Error(SeqOf(d), Errnos.EEXIST, "Service already exists")]);
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => connection.RequestAsync(Replies.Request(), "IPVS_CMD_NEW_SERVICE"));
        Assert.Equal(Errnos.EEXIST, e.Errno);
        Assert.True(e.IsAlreadyExists);
        Assert.False(e.IsNotFound);
        Assert.Equal("IPVS_CMD_NEW_SERVICE", e.Operation);
        Assert.Equal("Service already exists", e.ExtendedAckMessage);
    }

    [Theory]
    [InlineData(Errnos.ENOENT)]
    [InlineData(Errnos.ESRCH)]
    public async Task Missing_objects_are_not_found(int errno)
    {
        (NetlinkConnection connection, _) = Connect(d => [Replies.Error(SeqOf(d), errno)]);
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => connection.RequestAsync(Replies.Request(), "op"));
        Assert.True(e.IsNotFound);
        Assert.Null(e.ExtendedAckMessage);
    }

    [Fact]
    public async Task Extended_ack_text_is_found_after_an_uncapped_echo()
    {
        byte[] echoed = [1, 1, 0, 0, 8, 0, 1, 0, 9, 9, 9, 9];
        (NetlinkConnection connection, _) = Connect(d => [Replies.Error(SeqOf(d), Errnos.EINVAL, "bad attribute", capped: false, echoedPayload: echoed)]);
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => connection.RequestAsync(Replies.Request(), "op"));
        Assert.Equal("bad attribute", e.ExtendedAckMessage);
    }

    [Fact]
    public async Task A_dump_is_read_across_datagrams_to_done()
    {
        (NetlinkConnection connection, _) = Connect(d =>
        {
            uint s = SeqOf(d);
            return [Replies.Concat(Replies.Data(s, 1), Replies.Data(s, 2)), Replies.Data(s, 3), Replies.Concat(Replies.Data(s, 4), Replies.Done(s))];
        });
        List<uint> values = await connection.DumpAsync(Replies.Request(), Replies.ValueOf, "dump");
        Assert.Equal([1u, 2u, 3u, 4u], values);
    }

    [Fact]
    public async Task A_dump_request_carries_nlm_f_dump()
    {
        (NetlinkConnection connection, ScriptedTransport transport) = Connect(d => [Replies.Done(SeqOf(d))]);
        Assert.Empty(await connection.DumpAsync(Replies.Request(), Replies.ValueOf, "dump"));
        Assert.Equal(NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, ScriptedTransport.Requests(transport.Sent[0])[0].Header.Flags);
    }

    [Fact]
    public async Task An_interrupted_dump_is_discarded_and_the_stream_stays_in_step()
    {
        (NetlinkConnection connection, _) = Connect(d =>
        {
            uint s = SeqOf(d);
            return s == 1
                ? [Replies.Data(s, 1), Replies.Data(s, 2, NetlinkMessageFlags.Multi | NetlinkMessageFlags.DumpInterrupted), Replies.Data(s, 3), Replies.Done(s)]
                : [Replies.Data(s, 9), Replies.Done(s)];
        });
        NetlinkDumpInterruptedException e = await Assert.ThrowsAsync<NetlinkDumpInterruptedException>(() => connection.DumpAsync(Replies.Request(), Replies.ValueOf, "IPVS_CMD_GET_SERVICE"));
        Assert.Equal("IPVS_CMD_GET_SERVICE", e.Operation);
        Assert.Equal([9u], await connection.DumpAsync(Replies.Request(), Replies.ValueOf, "dump"));
    }

    [Fact]
    public async Task Interrupted_flag_on_done_also_discards()
    {
        (NetlinkConnection connection, _) = Connect(d => [Replies.Data(SeqOf(d), 1), Replies.Done(SeqOf(d), 0, NetlinkMessageFlags.Multi | NetlinkMessageFlags.DumpInterrupted)]);
        await Assert.ThrowsAsync<NetlinkDumpInterruptedException>(() => connection.DumpAsync(Replies.Request(), Replies.ValueOf, "dump"));
    }

    [Fact]
    public async Task A_failed_dump_reports_the_errno_from_done()
    {
        (NetlinkConnection connection, _) = Connect(d => [Replies.Data(SeqOf(d), 1), Replies.Done(SeqOf(d), Errnos.EBUSY)]);
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => connection.DumpAsync(Replies.Request(), Replies.ValueOf, "dump"));
        Assert.Equal(Errnos.EBUSY, e.Errno);
    }

    [Fact]
    public async Task A_dump_that_fails_with_an_error_message_throws()
    {
        (NetlinkConnection connection, _) = Connect(d => [Replies.Error(SeqOf(d), Errnos.EPERM)]);
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => connection.DumpAsync(Replies.Request(), Replies.ValueOf, "dump"));
        Assert.Equal(Errnos.EPERM, e.Errno);
    }

    [Fact]
    public async Task Replies_to_older_sequence_numbers_are_skipped()
    {
        (NetlinkConnection connection, _) = Connect(d =>
        {
            uint s = SeqOf(d);
            return [Replies.Concat(Replies.Data(s - 1, 77), Replies.Error(s - 1, 0)), Replies.Data(s, 5, NetlinkMessageFlags.None), Replies.Error(s, 0)];
        });
        Assert.Equal([5u], await connection.RequestAsync(Replies.Request(), Replies.ValueOf, "get"));
    }

    [Fact]
    public async Task A_reply_to_another_port_is_a_protocol_error()
    {
        (NetlinkConnection connection, _) = Connect(d => [Replies.Error(SeqOf(d), 0, port: 99)]);
        await Assert.ThrowsAsync<NetlinkProtocolException>(() => connection.RequestAsync(Replies.Request(), "op"));
    }

    [Fact]
    public async Task No_reply_times_out_with_etimedout()
    {
        (NetlinkConnection connection, _) = Connect(_ => []);
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => connection.RequestAsync(Replies.Request(), "op"));
        Assert.Equal(Errnos.ETIMEDOUT, e.Errno);
    }

    [Fact]
    public async Task Overrun_and_truncated_replies_are_protocol_errors()
    {
        (NetlinkConnection overrun, _) = Connect(d => [Replies.Message(NetlinkMessageType.Overrun, 0, SeqOf(d), ScriptedTransport.Port, _ => { })]);
        await Assert.ThrowsAsync<NetlinkProtocolException>(() => overrun.RequestAsync(Replies.Request(), "op"));
        (NetlinkConnection truncated, _) = Connect(d => [Replies.Error(SeqOf(d), 0)[..18]]);
        await Assert.ThrowsAsync<NetlinkProtocolException>(() => truncated.RequestAsync(Replies.Request(), "op"));
        (NetlinkConnection shortError, _) = Connect(d => [Replies.Message(NetlinkMessageType.Error, 0, SeqOf(d), ScriptedTransport.Port, w => w.WriteFamilyHeader([0, 0, 0, 0]))]);
        await Assert.ThrowsAsync<NetlinkProtocolException>(() => shortError.RequestAsync(Replies.Request(), "op"));
    }

    [Fact]
    public async Task Cancellation_is_honoured_before_sending()
    {
        (NetlinkConnection connection, ScriptedTransport transport) = Connect(d => [Replies.Error(SeqOf(d), 0)]);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.RequestAsync(Replies.Request(), "op", cts.Token));
        Assert.Empty(transport.Sent);
    }

    [Fact]
    public async Task Requests_must_be_single_whole_messages()
    {
        (NetlinkConnection connection, _) = Connect(d => [Replies.Error(SeqOf(d), 0)]);
        await Assert.ThrowsAsync<ArgumentException>(() => connection.RequestAsync(Replies.Concat(Replies.Request(), Replies.Request()), "op"));
        await Assert.ThrowsAsync<ArgumentException>(() => connection.RequestAsync(new byte[8], "op"));
    }
}
