namespace LvsOperator.Netlink.Ipvs;

/// <summary>The outcome of each operation of a batch, by position.</summary>
public sealed class IpvsBatchResult
{
    private readonly NetlinkException?[] _errors;

    /// <summary>Creates a result from one error slot per operation (null for success).</summary>
    public IpvsBatchResult(IReadOnlyList<NetlinkException?> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors = [.. errors];
        FailureCount = _errors.Count(e => e is not null);
    }

    /// <summary>How many operations ran.</summary>
    public int Count => _errors.Length;

    /// <summary>How many failed.</summary>
    public int FailureCount { get; }

    /// <summary>The error of operation <paramref name="index"/>, or null if it succeeded.</summary>
    public NetlinkException? GetError(int index) => _errors[index];

    /// <summary>Throws the first error, if any.</summary>
    public void ThrowIfAnyFailed()
    {
        foreach (NetlinkException? error in _errors)
        {
            if (error is not null)
            {
                throw error;
            }
        }
    }
}
