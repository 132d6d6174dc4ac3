namespace LvsOperator.Vrrp.Election;

/// <summary>The states of RFC 5798 §6.4.</summary>
public enum VrrpState
{
    /// <summary>Not running: before startup and after shutdown (§6.4.1).</summary>
    Initialize,

    /// <summary>Watching the master; the virtual addresses are not here (§6.4.2).</summary>
    Backup,

    /// <summary>Holding the virtual addresses and advertising (§6.4.3).</summary>
    Master,
}
