namespace Infra.Config;

/// <summary>Sizing and durability profile; every setting has a default per profile.</summary>
public enum Profile
{
    Production,
    Development,
}
