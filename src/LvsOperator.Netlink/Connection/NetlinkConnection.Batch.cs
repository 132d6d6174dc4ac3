using LvsOperator.Netlink.Codec;

namespace LvsOperator.Netlink.Connection;

public sealed partial class NetlinkConnection
{
    /// <summary>
    /// Sends many requests back to back, many per <c>sendmsg</c>, each with its own sequence number,
    /// and reports each one's outcome. The kernel runs the messages of a datagram in order inside
    /// that <c>sendmsg</c> and answers a failure whatever its flags, so only the last request of each
    /// window asks for an ACK (<c>NLM_F_ACK</c>): once that answer is in, every earlier error is
    /// already queued before it, and a request with no answer succeeded. One reply per window
    /// instead of one per request keeps both the kernel's and our work at the floor. A failure does
    /// not stop the batch. The receive buffer must hold the errors of one window (an overflow drops
    /// them and surfaces as ENOBUFS), which <see cref="NetlinkConnectionOptions.MaxBatchMessages"/> bounds.
    /// </summary>
    /// <param name="requests">Complete messages, one after the other, as a <see cref="NetlinkWriter"/> writes them.</param>
    /// <param name="cancellationToken">Checked between windows.</param>
    public async Task<NetlinkBatchResult> ExecuteBatchAsync(ReadOnlyMemory<byte> requests, CancellationToken cancellationToken = default)
    {
        List<(int Offset, int Length)> messages = Split(requests.Span);
        var result = new NetlinkBatchResult(messages.Count);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DrainAbandonedDumpAsync(cancellationToken).ConfigureAwait(false);
            int next = 0;
            while (next < messages.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int first = next;
                int end = first;
                int size = 0;
                while (end < messages.Count && end - first < _options.MaxBatchMessages
                       && (end == first || size + NetlinkAlignment.Align(messages[end].Length) <= _options.MaxBatchBytes))
                {
                    size += NetlinkAlignment.Align(messages[end].Length);
                    end++;
                }

                if (_sequence > uint.MaxValue - (uint)(end - first))
                {
                    // Sequence numbers within a window must not wrap.
                    _sequence = 0;
                }

                uint firstSequence = _sequence + 1;
                int bytes = 0;
                for (int i = first; i < end; i++)
                {
                    (int offset, int length) = messages[i];
                    NetlinkMessageFlags ack = i == end - 1 ? NetlinkMessageFlags.Ack : NetlinkMessageFlags.None;
                    bytes += Stage(requests.Span.Slice(offset, length), bytes, NextSequence(), ack, clearAck: ack == NetlinkMessageFlags.None);
                }

                _transport.Send(_sendBuffer.AsSpan(0, bytes));
                next = end;
                await CollectAsync(result, first, firstSequence, end - first, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads replies until the last request of the window is answered, recording errors.</summary>
    private async Task CollectAsync(NetlinkBatchResult result, int firstIndex, uint firstSequence, int count, CancellationToken cancellationToken)
    {
        int last = firstIndex + count - 1;
        while (!result.IsAnswered(last))
        {
            int received = await _transport.ReceiveAsync(_receiveBuffer, _options.ReplyTimeout, cancellationToken).ConfigureAwait(false);
            RecordReplies(_receiveBuffer.AsSpan(0, received), result, firstIndex, firstSequence, count);
        }
    }

    private void RecordReplies(ReadOnlySpan<byte> datagram, NetlinkBatchResult result, int firstIndex, uint firstSequence, int count)
    {
        foreach (NetlinkMessage message in new NetlinkMessageEnumerator(datagram))
        {
            if (message.Header.PortId != PortId)
            {
                throw new NetlinkProtocolException($"Reply addressed to port {message.Header.PortId}, this socket is port {PortId}.");
            }

            uint slot = message.Header.Sequence - firstSequence;
            if (slot >= (uint)count || message.Header.Type != NetlinkMessageType.Error)
            {
                // A stale reply from a cancelled call, or a reply message a request did not ask for.
                continue;
            }

            (int errno, string? text) = NetlinkErrorMessage.ParseError(message);
            result.Record(firstIndex + (int)slot, errno, text);
        }
    }

    private static List<(int Offset, int Length)> Split(ReadOnlySpan<byte> requests)
    {
        var messages = new List<(int, int)>();
        int offset = 0;
        foreach (NetlinkMessage message in new NetlinkMessageEnumerator(requests))
        {
            int length = (int)message.Header.Length;
            messages.Add((offset, length));
            offset += NetlinkAlignment.Align(length);
        }

        return messages;
    }
}
