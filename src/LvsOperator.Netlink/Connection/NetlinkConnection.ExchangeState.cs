namespace LvsOperator.Netlink.Connection;

public sealed partial class NetlinkConnection
{
    /// <summary>Progress of one request: collected replies and, once finished, its outcome.</summary>
    private sealed class ExchangeState<T>(uint sequence, string operation, bool dump, NetlinkMessageParser<T> parse)
    {
        private int _errno;
        private string? _text;

        public uint Sequence { get; } = sequence;

        public NetlinkMessageParser<T> Parse { get; } = parse;

        public List<T> Results { get; } = [];

        public bool Interrupted { get; set; }

        public bool Finished { get; private set; }

        public void Complete(int errno, string? text)
        {
            _errno = errno;
            _text = text;
            Finished = true;
        }

        public List<T> Finish()
        {
            if (_errno != 0)
            {
                throw new NetlinkException(_errno, operation, _text);
            }

            if (dump && Interrupted)
            {
                throw new NetlinkDumpInterruptedException(operation);
            }

            return Results;
        }
    }
}
