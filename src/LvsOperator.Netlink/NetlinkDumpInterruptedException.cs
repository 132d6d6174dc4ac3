namespace LvsOperator.Netlink;

/// <summary>
/// A dump carried <c>NLM_F_DUMP_INTR</c>: the table changed while the kernel walked it, so the
/// result may miss or repeat entries. The dump is discarded; a caller retries, it never diffs a
/// partial dump.
/// </summary>
public sealed class NetlinkDumpInterruptedException : NetlinkException
{
    /// <summary>Creates the exception.</summary>
    public NetlinkDumpInterruptedException()
        : this("unknown")
    {
    }

    /// <summary>Creates the exception for an operation whose dump carried <c>NLM_F_DUMP_INTR</c>.</summary>
    public NetlinkDumpInterruptedException(string operation)
        : this(operation, "dump interrupted (NLM_F_DUMP_INTR): the table changed during the dump")
    {
    }

    /// <summary>Creates the exception for an operation whose dump was found inconsistent for <paramref name="reason"/>.</summary>
    public NetlinkDumpInterruptedException(string operation, string reason)
        : base(Errnos.EINTR, operation, reason)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NetlinkDumpInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
