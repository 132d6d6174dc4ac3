using System.Buffers;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using static LvsOperator.Netlink.Nftables.NftablesNetlink;

namespace LvsOperator.Netlink.Nftables;

/// <summary>
/// One nftables table of family <c>inet</c> and its one NAT chain, owned by whoever opens this client:
/// reads its rules, and changes it in atomic transactions. It names no other table in any request, so
/// it cannot touch one.
/// </summary>
public sealed class NftablesClient : IDisposable
{
    private readonly NetlinkConnection _connection;

    internal NftablesClient(NetlinkConnection connection, string table, string chain)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(chain);
        (_connection, Table, Chain) = (connection, table, chain);
    }

    public string Table { get; }
    public string Chain { get; }

    /// <summary>Opens an nfnetlink socket in the calling thread's network namespace.</summary>
    public static NftablesClient Open(string table, string chain, NetlinkConnectionOptions? options = null) =>
        new(NetlinkConnection.OpenNetfilter(options), table, chain);

    /// <summary>
    /// The table, the chain and the chain's rules (<c>NFT_MSG_GETTABLE</c>, <c>NFT_MSG_GETCHAIN</c>,
    /// <c>NFT_MSG_GETRULE</c> dump). ENOENT is absence; any other error throws.
    /// </summary>
    public async Task<NftablesChain> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(Encode(w => NftablesEncoder.Table(w, NFT_MSG_GETTABLE, NetlinkMessageFlags.Ack, NFPROTO_INET, Table)), "NFT_MSG_GETTABLE", cancellationToken).ConfigureAwait(false))
        {
            return NftablesChain.Absent;
        }

        if (!await ExistsAsync(Encode(w => NftablesEncoder.Chain(w, NFT_MSG_GETCHAIN, NetlinkMessageFlags.Ack, NFPROTO_INET, Table, Chain)), "NFT_MSG_GETCHAIN", cancellationToken).ConfigureAwait(false))
        {
            return new NftablesChain(true, false, []);
        }

        List<NftablesRule> rules = await _connection.DumpAsync(
            Encode(w => NftablesEncoder.RuleDump(w, NFPROTO_INET, Table, Chain)),
            static m => NftablesDecoder.Rule(m), "NFT_MSG_GETRULE (dump)", cancellationToken).ConfigureAwait(false);
        return new NftablesChain(true, true, rules);
    }

    /// <summary>
    /// Applies <paramref name="changes"/> as one nf_tables transaction: all of them or none.
    /// </summary>
    /// <exception cref="NetlinkException">The kernel refused a change; none was applied.</exception>
    public Task CommitAsync(IReadOnlyList<NftablesChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one change.", nameof(changes));
        }

        return _connection.ExecuteTransactionAsync(EncodeTransaction(changes), $"nf_tables transaction on inet {Table} ({changes.Count} changes)", cancellationToken);
    }

    internal byte[] EncodeTransaction(IReadOnlyList<NftablesChange> changes) => Encode(w =>
    {
        NftablesEncoder.Batch(w, NFNL_MSG_BATCH_BEGIN);
        foreach (NftablesChange change in changes)
        {
            Write(w, change);
        }

        NftablesEncoder.Batch(w, NFNL_MSG_BATCH_END);
    });

    private void Write(NetlinkWriter writer, NftablesChange change)
    {
        var create = NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create;
        switch (change)
        {
            case EnsureNatChain:
                NftablesEncoder.Table(writer, NFT_MSG_NEWTABLE, create, NFPROTO_INET, Table);
                NftablesEncoder.Chain(writer, NFT_MSG_NEWCHAIN, create, NFPROTO_INET, Table, Chain);
                break;
            case AddMasqueradeRule add:
                NftablesEncoder.AddRule(writer, NFPROTO_INET, Table, Chain, add.Rule);
                break;
            case DeleteRule delete:
                NftablesEncoder.DeleteRule(writer, NFPROTO_INET, Table, Chain, delete.Handle);
                break;
            case DeleteTable:
                NftablesEncoder.Table(writer, NFT_MSG_DELTABLE, NetlinkMessageFlags.Ack, NFPROTO_INET, Table);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }
    }

    private async Task<bool> ExistsAsync(byte[] request, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.RequestAsync(request, static _ => 0, operation, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NetlinkException e) when (e.Errno == Errnos.ENOENT)
        {
            return false;
        }
    }

    private static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _connection.Dispose();
}
