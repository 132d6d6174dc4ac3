using LvsOperator.Netlink.Codec;

namespace LvsOperator.Netlink.Connection;

public sealed partial class NetlinkConnection
{
    /// <summary>Opens an nfnetlink (<c>NETLINK_NETFILTER</c>) connection in the calling thread's network namespace.</summary>
    internal static NetlinkConnection OpenNetfilter(NetlinkConnectionOptions? options = null) => Open(Nftables.NftablesNetlink.NETLINK_NETFILTER, options);

    /// <summary>
    /// Sends one nfnetlink batch (<c>NFNL_MSG_BATCH_BEGIN</c>, requests, <c>NFNL_MSG_BATCH_END</c>) in one
    /// datagram and returns each request's outcome. nf_tables runs such a batch as one transaction
    /// (nfnetlink.c <c>nfnetlink_rcv_batch</c>): one failure aborts it all, and the kernel still answers
    /// every request that asked for an ACK, with 0 for those that would have succeeded. So a failure anywhere
    /// throws for the whole batch. The begin and end messages ask for no ACK (kernels before 6.2
    /// ignore it there); an error on the begin message (EPERM without CAP_NET_ADMIN) is the only answer
    /// such a batch gets.
    /// </summary>
    /// <exception cref="NetlinkException">The kernel refused a request; nothing of the batch was applied.</exception>
    /// <param name="batch">Complete messages, begin first and end last, the requests between with <c>NLM_F_ACK</c>.</param>
    internal async Task ExecuteTransactionAsync(ReadOnlyMemory<byte> batch, string operation, CancellationToken cancellationToken)
    {
        List<(int Offset, int Length)> messages = Split(batch.Span);
        if (messages.Count < 3)
        {
            throw new ArgumentException("A transaction holds a begin, at least one request, and an end.", nameof(batch));
        }

        int requests = messages.Count - 2;
        var replies = new NetlinkBatchResult(messages.Count);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DrainAbandonedDumpAsync(cancellationToken).ConfigureAwait(false);
            if (_sequence > uint.MaxValue - (uint)messages.Count)
            {
                _sequence = 0;
            }

            uint firstSequence = _sequence + 1;
            int bytes = 0;
            foreach ((int offset, int length) in messages)
            {
                bytes += Stage(batch.Span.Slice(offset, length), bytes, NextSequence(), NetlinkMessageFlags.None);
            }

            _transport.Send(_sendBuffer.AsSpan(0, bytes));
            while (!replies.IsAnswered(0) && !Enumerable.Range(1, requests).All(replies.IsAnswered))
            {
                int received = await _transport.ReceiveAsync(_receiveBuffer, _options.ReplyTimeout, cancellationToken).ConfigureAwait(false);
                RecordReplies(_receiveBuffer.AsSpan(0, received), replies, 0, firstSequence, messages.Count);
            }
        }
        finally
        {
            _gate.Release();
        }

        int failed = Enumerable.Range(0, replies.Count).FirstOrDefault(i => replies.GetErrno(i) != 0, -1);
        if (failed >= 0)
        {
            throw new NetlinkException(replies.GetErrno(failed), operation, replies.GetExtendedAckMessage(failed));
        }
    }
}
