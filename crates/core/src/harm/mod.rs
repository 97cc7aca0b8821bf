//! The harm model: from delays to deaths, QALYs and pounds.
