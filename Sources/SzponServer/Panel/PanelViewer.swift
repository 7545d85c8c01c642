import SzponStore

/// Who is signed in to the panel: a person (with a password, `StaffSession`) or the holder
/// of an admin token (`AdminSession`: the first admin, or a script's owner), who acts as an
/// admin. A person's roles are read afresh on every request, so a roster import that takes
/// a role away takes the access away at once.
struct PanelViewer: Sendable {
    enum Identity: Sendable {
        case person(Person)
        case adminToken
    }

    /// The session id from the cookie (never stored; the store holds its hash).
    let sessionID: String
    let identity: Identity

    var roles: Set<PersonRole> {
        switch identity {
        case let .person(person): return Set(person.roles)
        case .adminToken: return [.admin]
        }
    }

    var person: Person? {
        if case let .person(person) = identity { return person }
        return nil
    }

    func may(_ section: PanelSection) -> Bool { !roles.isDisjoint(with: section.allowed) }

    /// The form token of the session: only a page served to this session's cookie holds it.
    var csrf: String { AdminToken.mac("szpon panel form", key: sessionID) }
}
