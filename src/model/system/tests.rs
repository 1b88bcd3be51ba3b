use super::*;

fn sum(gs: &[SysGroup]) -> Decimal {
    gs.iter().map(|g| g.weight.unwrap_or_default()).sum()
}

#[test]
fn builtin_systems_parse_and_add_up() {
    for s in builtin() {
        assert_eq!(sum(&s.groups), Decimal::from(100), "{}", s.id);
        for g in &s.groups {
            if !g.groups.is_empty() {
                assert_eq!(Some(sum(&g.groups)), g.weight, "{} / {}", s.id, g.name);
            }
            for g2 in &g.groups {
                if !g2.rows.is_empty() {
                    let rows: Decimal = g2.rows.iter().map(|r| r.weight).sum();
                    assert_eq!(Some(rows), g2.weight, "{} / {} / {}", s.id, g.name, g2.name);
                }
            }
        }
    }
}
