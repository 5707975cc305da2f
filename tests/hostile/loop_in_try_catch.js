function attack() { for (;;) { try { for (;;) {} } catch (e) { /* swallow the interrupt */ } } }
