//! 专项项目: one, equal and weighted projects, another maximum, a score above it.

use super::*;

#[test]
fn projects() {
    let p = plain_sys;
    run(vec![
        // 99/100 × 20 = 19.8 (seed 000)
        case(
            "one project",
            p(),
            "{name: 专项资金绩效完成情况, weight: 20, projects: [{name: 专项A, score: 99}]}",
            "19.80",
            Some("99/100*20=19.80"),
            &[],
        ),
        // (0.99 + 0.95)/2 = 0.97; × 20 = 19.40
        case(
            "equal projects",
            p(),
            "{name: 专项, weight: 20, projects: [{name: A, score: 99}, {name: B, score: 95}]}",
            "19.40",
            Some("(99/100+95/100)/2*20=19.40"),
            &[],
        ),
        // (0.99×3 + 0.90×1)/4 = 3.87/4 = 0.9675; × 20 = 19.35
        case(
            "weighted projects",
            p(),
            "{name: 专项, weight: 20, projects: [{name: A, score: 99, weight: 3}, {name: B, score: 90, weight: 1}]}",
            "19.35",
            Some("(99/100*3+90/100*1)/(3+1)*20=19.35"),
            &[],
        ),
        // 9/10 × 20 = 18
        case(
            "out of 10",
            p(),
            "{name: 专项, weight: 20, projects: [{name: A, score: 9, out_of: 10}]}",
            "18.00",
            Some("9/10*20=18.00"),
            &[],
        ),
        case(
            "project above its maximum",
            p(),
            "{name: 专项, weight: 20, projects: [{name: A, score: 120}]}",
            "20.00",
            Some("100/100*20=20.00"),
            &["score-out-of-range"],
        ),
    ]);
}
