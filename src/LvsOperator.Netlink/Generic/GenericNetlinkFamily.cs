using System.Buffers;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;

namespace LvsOperator.Netlink.Generic;

/// <summary>
/// A generic netlink family as the controller reported it on one connection. Ids are assigned
/// at registration and differ between boots and kernels, so they are resolved per connection
/// and never cached in static state.
/// </summary>
public sealed record GenericNetlinkFamily(string Name, ushort Id, uint Version, uint HeaderSize, uint MaxAttribute)
{
    /// <summary>
    /// Resolves <paramref name="name"/> with <c>CTRL_CMD_GETFAMILY</c>. The kernel autoloads the
    /// module behind the family (for IPVS, alias <c>net-pf-16-proto-16-family-IPVS</c>); a family
    /// that still does not exist fails with ENOENT.
    /// </summary>
    public static async Task<GenericNetlinkFamily> ResolveAsync(NetlinkConnection connection, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        List<GenericNetlinkFamily> replies = await connection.RequestAsync(
            EncodeGetFamily(name), static m => Parse(m), "CTRL_CMD_GETFAMILY " + name, cancellationToken).ConfigureAwait(false);
        return replies.Count == 1 ? replies[0] : throw new NetlinkProtocolException($"CTRL_CMD_GETFAMILY {name}: expected one reply, got {replies.Count}.");
    }

    /// <summary>The request bytes (sequence 0; the connection stamps it).</summary>
    internal static byte[] EncodeGetFamily(string name)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var writer = new NetlinkWriter(buffer);
        using (writer.BeginMessage(GenericNetlink.GENL_ID_CTRL, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            writer.WriteGenericHeader(GenericNetlink.CTRL_CMD_GETFAMILY, GenericNetlink.CtrlVersion);
            writer.WriteString(GenericNetlink.CTRL_ATTR_FAMILY_NAME, name);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a <c>CTRL_CMD_NEWFAMILY</c> reply.</summary>
    internal static GenericNetlinkFamily Parse(NetlinkMessage message)
    {
        if (message.Header.Type != GenericNetlink.GENL_ID_CTRL)
        {
            throw new NetlinkProtocolException($"Expected a controller reply, got message type {message.Header.Type}.");
        }

        string? name = null;
        ushort? id = null;
        uint version = 0, headerSize = 0, maxAttribute = 0;
        foreach (NetlinkAttribute attribute in message.GetAttributes(GenericNetlink.HeaderSize))
        {
            switch (attribute.Type)
            {
                case GenericNetlink.CTRL_ATTR_FAMILY_ID: id = attribute.GetUInt16(); break;
                case GenericNetlink.CTRL_ATTR_FAMILY_NAME: name = attribute.GetString(); break;
                case GenericNetlink.CTRL_ATTR_VERSION: version = attribute.GetUInt32(); break;
                case GenericNetlink.CTRL_ATTR_HDRSIZE: headerSize = attribute.GetUInt32(); break;
                case GenericNetlink.CTRL_ATTR_MAXATTR: maxAttribute = attribute.GetUInt32(); break;
                default: break;
            }
        }

        if (name is null || id is null)
        {
            throw new NetlinkProtocolException("CTRL_CMD_NEWFAMILY lacks CTRL_ATTR_FAMILY_ID or CTRL_ATTR_FAMILY_NAME.");
        }

        return new GenericNetlinkFamily(name, id.Value, version, headerSize, maxAttribute);
    }
}
