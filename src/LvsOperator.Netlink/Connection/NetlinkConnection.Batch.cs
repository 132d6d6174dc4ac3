using LvsOperator.Netlink.Codec;

namespace LvsOperator.Netlink.Connection;

public sealed partial class NetlinkConnection
{
    /// <summary>
    /// Sends many requests back to back, several per <c>sendmsg</c>, each with <c>NLM_F_ACK</c> and
    /// its own sequence number, and collects one ACK or errno per request. The kernel runs every
    /// message of a datagram even after one fails, so a failure does not stop the batch; the
    /// result says which failed. At most <see cref="NetlinkConnectionOptions.MaxBatchMessages"/>
    /// requests are in flight, so their acks fit the receive buffer (an overflow would drop acks
    /// and surface as ENOBUFS).
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
                int bytes = 0;
                uint firstSequence = _sequence + 1;
                while (next < messages.Count && next - first < _options.MaxBatchMessages
                       && (next == first || bytes + messages[next].Length <= _options.MaxBatchBytes))
                {
                    (int offset, int length) = messages[next];
                    NextSequence();
                    bytes += Stage(requests.Span.Slice(offset, length), bytes, _sequence, NetlinkMessageFlags.Ack);
                    next++;
                }

                if (_sequence < firstSequence)
                {
                    // The counter wrapped inside this window; sequence numbers must be contiguous.
                    _sequence = 0;
                    next = first;
                    continue;
                }

                _transport.Send(_sendBuffer.AsSpan(0, bytes));
                await CollectAcksAsync(result, first, firstSequence, next - first, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CollectAcksAsync(NetlinkBatchResult result, int firstIndex, uint firstSequence, int count, CancellationToken cancellationToken)
    {
        int pending = count;
        while (pending > 0)
        {
            int received = await _transport.ReceiveAsync(_receiveBuffer, _options.ReplyTimeout, cancellationToken).ConfigureAwait(false);
            pending -= RecordAcks(_receiveBuffer.AsSpan(0, received), result, firstIndex, firstSequence, count);
        }
    }

    private int RecordAcks(ReadOnlySpan<byte> datagram, NetlinkBatchResult result, int firstIndex, uint firstSequence, int count)
    {
        int recorded = 0;
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
            if (result.Record(firstIndex + (int)slot, errno, text))
            {
                recorded++;
            }
        }

        return recorded;
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
