using System.Buffers;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>
/// A netlink "kernel" scripted by the test (the C# form of mdlayher's nltest.Dial): each sent
/// datagram goes to <see cref="OnSend"/>, which returns the datagrams to queue for receiving.
/// Receiving with nothing queued fails at once with ETIMEDOUT instead of waiting.
/// </summary>
internal sealed class ScriptedTransport(Func<byte[], IEnumerable<byte[]>> onSend) : INetlinkTransport
{
    public const uint Port = 4242;

    private readonly Queue<byte[]> _pending = new();

    public Func<byte[], IEnumerable<byte[]>> OnSend { get; set; } = onSend;

    public List<byte[]> Sent { get; } = [];

    public uint PortId => Port;

    public bool Disposed { get; private set; }

    public void Enqueue(byte[] datagram) => _pending.Enqueue(datagram);

    public void Send(ReadOnlySpan<byte> datagram)
    {
        byte[] copy = datagram.ToArray();
        Sent.Add(copy);
        foreach (byte[] reply in OnSend(copy))
        {
            _pending.Enqueue(reply);
        }
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_pending.TryDequeue(out byte[]? datagram))
        {
            throw new NetlinkException(Errnos.ETIMEDOUT, "scripted receive", "nothing queued");
        }

        datagram.CopyTo(buffer);
        return ValueTask.FromResult(datagram.Length);
    }

    public void Dispose() => Disposed = true;

    /// <summary>The requests of a sent datagram: (header, payload) each.</summary>
    public static List<(NetlinkMessageHeader Header, byte[] Payload)> Requests(byte[] datagram)
    {
        var list = new List<(NetlinkMessageHeader, byte[])>();
        foreach (NetlinkMessage message in new NetlinkMessageEnumerator(datagram))
        {
            list.Add((message.Header, message.Payload.ToArray()));
        }

        return list;
    }
}

/// <summary>Builds kernel replies with the real writer.</summary>
internal static class Replies
{
    public static byte[] Concat(params byte[][] messages) => [.. messages.SelectMany(m => m)];

    /// <summary>An NLMSG_ERROR: errno 0 is an ACK. With a text, NLM_F_ACK_TLVS and NLMSGERR_ATTR_MSG follow.</summary>
    public static byte[] Error(uint sequence, int errno, string? text = null, bool capped = true, uint port = ScriptedTransport.Port, byte[]? echoedPayload = null)
    {
        var flags = NetlinkMessageFlags.None;
        if (capped)
        {
            flags |= NetlinkMessageFlags.Capped;
        }

        if (text is not null)
        {
            flags |= NetlinkMessageFlags.AckTlvs;
        }

        echoedPayload ??= [];
        return Message(NetlinkMessageType.Error, flags, sequence, port, w =>
        {
            Span<byte> error = stackalloc byte[4 + 16 + (capped ? 0 : echoedPayload.Length)];
            BitConverter.TryWriteBytes(error, -errno);
            new NetlinkMessageHeader((uint)(16 + echoedPayload.Length), 0x20, NetlinkMessageFlags.Request, sequence, 0).Write(error[4..]);
            if (!capped)
            {
                echoedPayload.CopyTo(error[20..]);
            }

            w.WriteFamilyHeader(error);
            if (text is not null)
            {
                w.WriteString(1, text);
                w.WriteUInt32(2, 20);
            }
        });
    }

    public static byte[] Done(uint sequence, int errno = 0, NetlinkMessageFlags flags = NetlinkMessageFlags.Multi, uint port = ScriptedTransport.Port) =>
        Message(NetlinkMessageType.Done, flags, sequence, port, w =>
        {
            Span<byte> value = stackalloc byte[4];
            BitConverter.TryWriteBytes(value, -errno);
            w.WriteFamilyHeader(value);
        });

    /// <summary>A generic netlink data message carrying one u32 attribute (type 1) with <paramref name="value"/>.</summary>
    public static byte[] Data(uint sequence, uint value, NetlinkMessageFlags flags = NetlinkMessageFlags.Multi, uint port = ScriptedTransport.Port) =>
        Message(0x20, flags, sequence, port, w =>
        {
            w.WriteGenericHeader(1, 1);
            w.WriteUInt32(1, value);
        });

    public static byte[] Message(ushort type, NetlinkMessageFlags flags, uint sequence, uint port, Action<NetlinkWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new NetlinkWriter(buffer);
        using (writer.BeginMessage(type, flags, sequence, port))
        {
            body(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A request as a client would build it: generic header, no attributes, sequence 0.</summary>
    public static byte[] Request(byte command = 1) => Message(0x20, NetlinkMessageFlags.Request, 0, 0, w => w.WriteGenericHeader(command, 1));

    /// <summary>Reads the u32 attribute of a <see cref="Data"/> message.</summary>
    public static uint ValueOf(NetlinkMessage message)
    {
        foreach (NetlinkAttribute attribute in message.GetAttributes(4))
        {
            return attribute.GetUInt32();
        }

        throw new NetlinkProtocolException("no value");
    }
}
