using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Interop;

namespace LvsOperator.Netlink.Connection;

/// <summary>
/// A netlink socket with request/reply bookkeeping: each request gets the next sequence number;
/// replies must come from the kernel to our port id; replies to older sequence numbers (left by a
/// cancelled call) are skipped; dumps are read to <c>NLMSG_DONE</c>; an <c>NLMSG_ERROR</c> is an ACK
/// (0) or an errno that becomes a <see cref="NetlinkException"/> with the extended-ACK text.
/// One operation runs at a time; calls are queued.
/// </summary>
public sealed partial class NetlinkConnection : IDisposable
{
    private const int ReceiveBufferSize = 64 << 10;
    private readonly INetlinkTransport _transport;
    private readonly NetlinkConnectionOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private byte[] _sendBuffer = new byte[4096];
    private uint _sequence;
    private uint? _abandonedDump;

    internal NetlinkConnection(INetlinkTransport transport, NetlinkConnectionOptions options)
    {
        _transport = transport;
        _options = options;
    }

    /// <summary>The port id the kernel bound this socket to.</summary>
    public uint PortId => _transport.PortId;

    internal NetlinkConnectionOptions Options => _options;

    /// <summary>Opens an rtnetlink (<c>NETLINK_ROUTE</c>) connection in the calling thread's network namespace.</summary>
    public static NetlinkConnection OpenRoute(NetlinkConnectionOptions? options = null) => Open(NetlinkInterop.NETLINK_ROUTE, options);

    /// <summary>Opens a generic netlink (<c>NETLINK_GENERIC</c>) connection in the calling thread's network namespace.</summary>
    public static NetlinkConnection OpenGeneric(NetlinkConnectionOptions? options = null) => Open(NetlinkInterop.NETLINK_GENERIC, options);

    private static NetlinkConnection Open(int protocol, NetlinkConnectionOptions? options)
    {
        options ??= new NetlinkConnectionOptions();
        NetlinkSocket socket = NetlinkSocket.Open(protocol, options.ReceiveBufferBytes, options.SendBufferBytes);

        // Without CAP_NET_ADMIN the receive buffer stops at rmem_max; a batch window must not queue
        // more error replies than it holds (about 1 KiB of accounting each; the kernel reports twice
        // the usable size).
        int fits = Math.Max(16, socket.ReceiveBufferBytes / 2048);
        if (fits < options.MaxBatchMessages)
        {
            options = options with { MaxBatchMessages = fits };
        }

        return new NetlinkConnection(socket, options);
    }

    /// <summary>
    /// Sends one request with <c>NLM_F_ACK</c> and returns the reply messages that precede the ACK,
    /// parsed by <paramref name="parse"/> (none for plain NEW/SET/DEL requests).
    /// </summary>
    public Task<List<T>> RequestAsync<T>(ReadOnlyMemory<byte> request, NetlinkMessageParser<T> parse, string operation, CancellationToken cancellationToken = default)
        => ExchangeAsync(request, parse, operation, dump: false, cancellationToken);

    /// <summary>Sends one request with <c>NLM_F_ACK</c> and waits for the ACK.</summary>
    public Task RequestAsync(ReadOnlyMemory<byte> request, string operation, CancellationToken cancellationToken = default)
        => ExchangeAsync<int>(request, static _ => 0, operation, dump: false, cancellationToken);

    /// <summary>
    /// Sends a dump request (<c>NLM_F_DUMP</c>) and parses every message up to <c>NLMSG_DONE</c>.
    /// A dump flagged <c>NLM_F_DUMP_INTR</c> is read to its end and then discarded with
    /// <see cref="NetlinkDumpInterruptedException"/>.
    /// </summary>
    public Task<List<T>> DumpAsync<T>(ReadOnlyMemory<byte> request, NetlinkMessageParser<T> parse, string operation, CancellationToken cancellationToken = default)
        => ExchangeAsync(request, parse, operation, dump: true, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        _transport.Dispose();
        _gate.Dispose();
    }

    private async Task<List<T>> ExchangeAsync<T>(ReadOnlyMemory<byte> request, NetlinkMessageParser<T> parse, string operation, bool dump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DrainAbandonedDumpAsync(cancellationToken).ConfigureAwait(false);
            uint sequence = NextSequence();
            int length = Stage(request.Span, 0, sequence, dump ? NetlinkMessageFlags.Dump : NetlinkMessageFlags.Ack);
            if (length != NetlinkAlignment.Align(request.Length))
            {
                throw new ArgumentException("Pass exactly one message; use ExecuteBatchAsync for several.", nameof(request));
            }

            _transport.Send(_sendBuffer.AsSpan(0, length));
            if (dump)
            {
                _abandonedDump = sequence;
            }

            var state = new ExchangeState<T>(sequence, operation, dump, parse);
            while (!state.Finished)
            {
                int received = await _transport.ReceiveAsync(_receiveBuffer, _options.ReplyTimeout, cancellationToken).ConfigureAwait(false);
                Process(_receiveBuffer.AsSpan(0, received), state);
            }

            _abandonedDump = null;
            return state.Finish();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Process<T>(ReadOnlySpan<byte> datagram, ExchangeState<T> state)
    {
        foreach (NetlinkMessage message in new NetlinkMessageEnumerator(datagram))
        {
            if (!IsReplyTo(message.Header, state.Sequence) || state.Finished)
            {
                continue;
            }

            if ((message.Header.Flags & NetlinkMessageFlags.DumpInterrupted) != 0)
            {
                state.Interrupted = true;
            }

            switch (message.Header.Type)
            {
                case NetlinkMessageType.Noop:
                    break;
                case NetlinkMessageType.Error:
                    (int errno, string? text) = NetlinkErrorMessage.ParseError(message);
                    state.Complete(errno, text);
                    break;
                case NetlinkMessageType.Done:
                    (int doneErrno, string? doneText) = NetlinkErrorMessage.ParseDone(message);
                    state.Complete(doneErrno, doneText);
                    break;
                case NetlinkMessageType.Overrun:
                    throw new NetlinkProtocolException("NLMSG_OVERRUN: the kernel lost data.");
                default:
                    state.Results.Add(state.Parse(message));
                    break;
            }
        }
    }

    /// <summary>Whether a message answers <paramref name="sequence"/>; replies for another port are a protocol error.</summary>
    private bool IsReplyTo(NetlinkMessageHeader header, uint sequence)
    {
        if (header.PortId != PortId)
        {
            throw new NetlinkProtocolException($"Reply addressed to port {header.PortId}, this socket is port {PortId}.");
        }

        return header.Sequence == sequence;
    }

    /// <summary>A dump abandoned by cancellation must be read to its end before the socket is reused.</summary>
    private async Task DrainAbandonedDumpAsync(CancellationToken cancellationToken)
    {
        if (_abandonedDump is not uint sequence)
        {
            return;
        }

        var state = new ExchangeState<int>(sequence, "drain", dump: true, static _ => 0);
        while (!state.Finished)
        {
            int received = await _transport.ReceiveAsync(_receiveBuffer, _options.ReplyTimeout, cancellationToken).ConfigureAwait(false);
            Process(_receiveBuffer.AsSpan(0, received), state);
            state.Results.Clear();
        }

        _abandonedDump = null;
    }

    private uint NextSequence()
    {
        // 0 is skipped: some tools treat a zero sequence as "unsolicited".
        _sequence = _sequence == uint.MaxValue ? 1 : _sequence + 1;
        return _sequence;
    }

    /// <summary>
    /// Copies one message from <paramref name="source"/> into the send buffer at
    /// <paramref name="offset"/>, stamping the sequence number, port 0 and the given flags
    /// (and clearing <c>NLM_F_ACK</c> when asked).
    /// Returns the message's aligned length (what it occupies in the send buffer).
    /// </summary>
    private int Stage(ReadOnlySpan<byte> source, int offset, uint sequence, NetlinkMessageFlags addFlags, bool clearAck = false)
    {
        if (source.Length < NetlinkMessageHeader.Size)
        {
            throw new ArgumentException("A request must hold a full message header.", nameof(source));
        }

        NetlinkMessageHeader header = NetlinkMessageHeader.Read(source);
        if (header.Length < NetlinkMessageHeader.Size || header.Length > source.Length)
        {
            throw new ArgumentException("A request's nlmsg_len does not match its bytes.", nameof(source));
        }

        int length = (int)header.Length;
        int aligned = NetlinkAlignment.Align(length);
        EnsureSendCapacity(offset + aligned);
        source[..length].CopyTo(_sendBuffer.AsSpan(offset));
        _sendBuffer.AsSpan(offset + length, aligned - length).Clear();
        NetlinkMessageFlags flags = header.Flags | NetlinkMessageFlags.Request | addFlags;
        if (clearAck)
        {
            flags &= ~NetlinkMessageFlags.Ack;
        }

        (header with { Flags = flags, Sequence = sequence, PortId = 0 }).Write(_sendBuffer.AsSpan(offset));
        return aligned;
    }

    private void EnsureSendCapacity(int size)
    {
        if (_sendBuffer.Length < size)
        {
            Array.Resize(ref _sendBuffer, Math.Max(size, _sendBuffer.Length * 2));
        }
    }
}
