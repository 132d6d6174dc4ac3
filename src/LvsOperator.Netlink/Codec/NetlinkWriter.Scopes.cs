namespace LvsOperator.Netlink.Codec;

public sealed partial class NetlinkWriter
{
    /// <summary>An open message; disposing it finishes the message.</summary>
    public readonly ref struct MessageScope
    {
        private readonly NetlinkWriter? _writer;

        internal MessageScope(NetlinkWriter writer) => _writer = writer;

        /// <summary>Writes <c>nlmsg_len</c> and copies the message to the sink.</summary>
        public void Dispose() => _writer?.EndMessage();
    }

    /// <summary>An open nested attribute; disposing it back-patches the length.</summary>
    public readonly ref struct NestScope
    {
        private readonly NetlinkWriter? _writer;
        private readonly int _start;

        internal NestScope(NetlinkWriter writer, int start)
        {
            _writer = writer;
            _start = start;
        }

        /// <summary><c>nla_nest_end</c>.</summary>
        public void Dispose() => _writer?.EndNested(_start);
    }
}
