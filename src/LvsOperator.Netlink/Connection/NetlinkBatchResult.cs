namespace LvsOperator.Netlink.Connection;

/// <summary>The outcome of each request of a batch, by position.</summary>
public sealed class NetlinkBatchResult
{
    private readonly int[] _errnos;
    private readonly string?[] _messages;
    private readonly bool[] _answered;

    internal NetlinkBatchResult(int count)
    {
        _errnos = new int[count];
        _messages = new string?[count];
        _answered = new bool[count];
    }

    /// <summary>How many requests the batch held.</summary>
    public int Count => _errnos.Length;

    /// <summary>How many requests failed.</summary>
    public int FailureCount { get; private set; }

    /// <summary>The errno of request <paramref name="index"/> (0 when it succeeded: requests without an error reply did).</summary>
    public int GetErrno(int index) => _errnos[index];

    /// <summary>The extended-ACK text of request <paramref name="index"/>, if the kernel sent one.</summary>
    public string? GetExtendedAckMessage(int index) => _messages[index];

    /// <summary>Whether request <paramref name="index"/> has been answered (acked or failed).</summary>
    internal bool IsAnswered(int index) => _answered[index];

    /// <summary>Records an answer; false for a duplicate.</summary>
    internal bool Record(int index, int errno, string? message)
    {
        if (_answered[index])
        {
            return false;
        }

        _answered[index] = true;
        _errnos[index] = errno;
        _messages[index] = message;
        if (errno != 0)
        {
            FailureCount++;
        }

        return true;
    }
}
